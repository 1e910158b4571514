import { describe, expect, it } from 'vitest'
import { P2PError } from '../errors/p2p-error.js'
import type { Hash } from '../hash/hash.js'
import { type RejectedTxMessage, rejectedTxMessageCodec } from './rejected-tx-message.js'

const TXID = '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'

const message: RejectedTxMessage = { txId: TXID, reason: 'missing inputs', peerId: PEER }
const golden = `{"TxId":"${TXID}","Reason":"missing inputs","PeerId":"${PEER}"}`

function decoded(input: string): RejectedTxMessage {
  const result = rejectedTxMessageCodec.decode(input)
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(input: string): string {
  const result = rejectedTxMessageCodec.decode(input)
  return result.ok ? 'ok' : result.error.code
}

const withReason = (reason: string) => `{"TxId":"${TXID}","Reason":${JSON.stringify(reason)}}`

describe('rejectedTxMessageCodec', () => {
  it('encodes the spec-era golden text', () => {
    expect(rejectedTxMessageCodec.encode(message)).toBe(golden)
    expect(decoded(golden)).toEqual(message)
  })

  it('writes empty strings rather than omitting members', () => {
    const text = `{"TxId":"${TXID}","Reason":"","PeerId":""}`
    expect(rejectedTxMessageCodec.encode({ txId: TXID, reason: '', peerId: '' })).toBe(text)
    expect(decoded(text)).toEqual({ txId: TXID, reason: '', peerId: '' })
  })

  it('reads TxID, txid and PeerID alike', () => {
    expect(decoded(`{"TxID":"${TXID}","Reason":"missing inputs","PeerID":"${PEER}"}`)).toEqual(message)
    expect(decoded(`{"txid":"${TXID}","REASON":"missing inputs","peerid":"${PEER}"}`)).toEqual(message)
  })

  it('requires a transaction id', () => {
    expect(codeOf('{"Reason":"x"}')).toBe('invalid_field')
    expect(codeOf(`{"TxId":"${TXID.slice(2)}"}`)).toBe('invalid_field')
  })

  it('escapes the reason the way Go does and reads it back', () => {
    const reason = 'script <verify> failed & "stack" size 0'
    const text = rejectedTxMessageCodec.encode({ ...message, reason })
    expect(text).toContain('"Reason":"script \\u003cverify\\u003e failed \\u0026 \\"stack\\" size 0"')
    expect(decoded(text).reason).toBe(reason)
  })

  it('requires Reason to be printable and at most 1024 characters', () => {
    expect(codeOf(withReason('r'.repeat(1024)))).toBe('ok')
    expect(codeOf(withReason('r'.repeat(1025)))).toBe('invalid_field')
    for (const control of [
      '\n',
      '\r',
      '\t',
      '\u0000',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u202e',
      '\u2066',
      '\u200f',
    ]) {
      expect(codeOf(withReason(`bad${control}reason`))).toBe('invalid_field')
    }
    expect(codeOf(withReason('non-final 😀 é'))).toBe('ok')
    expect(codeOf(`{"TxId":"${TXID}","Reason":"\\udc00"}`)).toBe('invalid_field')
    expect(() => rejectedTxMessageCodec.encode({ ...message, reason: 'two\nlines' })).toThrow(P2PError)
  })

  it('caps the payload at 16 KiB', () => {
    expect(rejectedTxMessageCodec.maxBytes).toBe(16 * 1024)
    expect(codeOf(golden.padEnd(16 * 1024, ' '))).toBe('ok')
    expect(codeOf(golden.padEnd(16 * 1024 + 1, ' '))).toBe('payload_too_large')
  })
})
