import { describe, expect, it } from 'vitest'
import { P2PError } from '../errors/p2p-error.js'
import type { Hash } from '../hash/hash.js'
import { type BlockMessage, blockMessageCodec } from './block-message.js'

const HASH = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'
const DATA_HUB = 'http://localhost:8090/api/v1'

const message: BlockMessage = { hash: HASH, height: 123, dataHubUrl: DATA_HUB, peerId: PEER }
const golden = `{"Hash":"${HASH}","Height":123,"DataHubUrl":"${DATA_HUB}","PeerId":"${PEER}"}`

function decoded(input: string | Uint8Array): BlockMessage {
  const result = blockMessageCodec.decode(input)
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(input: string | Uint8Array): string {
  const result = blockMessageCodec.decode(input)
  if (result.ok) return 'ok'
  expect(result.error).toBeInstanceOf(P2PError)
  return result.error.code
}

describe('blockMessageCodec', () => {
  it('encodes the spec-era golden text: Go field names, declaration order, no white space', () => {
    expect(blockMessageCodec.encode(message)).toBe(golden)
    expect(blockMessageCodec.encodeBytes(message)).toEqual(new TextEncoder().encode(golden))
    expect(decoded(golden)).toEqual(message)
    expect(decoded(new TextEncoder().encode(golden))).toEqual(message)
  })

  it('writes zero values instead of omitting them', () => {
    const zero: BlockMessage = { hash: HASH, height: 0, dataHubUrl: '', peerId: '' }
    const text = `{"Hash":"${HASH}","Height":0,"DataHubUrl":"","PeerId":""}`
    expect(blockMessageCodec.encode(zero)).toBe(text)
    expect(decoded(text)).toEqual(zero)
  })

  it('encodes a best-block reply with an empty PeerId and reads it back', () => {
    const reply: BlockMessage = { hash: HASH, height: 830000, dataHubUrl: DATA_HUB, peerId: '' }
    const text = blockMessageCodec.encode(reply)
    expect(text).toBe(`{"Hash":"${HASH}","Height":830000,"DataHubUrl":"${DATA_HUB}","PeerId":""}`)
    expect(decoded(text)).toEqual(reply)
  })

  it('reads the later reference spelling and any other case of the keys', () => {
    expect(decoded(`{"Hash":"${HASH}","Height":123,"DataHubURL":"${DATA_HUB}","PeerID":"${PEER}"}`)).toEqual(
      message,
    )
    expect(decoded(`{"hash":"${HASH}","height":123,"datahuburl":"${DATA_HUB}","peerid":"${PEER}"}`)).toEqual(
      message,
    )
    expect(decoded(`{"HASH":"${HASH}","HEIGHT":123,"DATAHUBURL":"${DATA_HUB}","PEERID":"${PEER}"}`)).toEqual(
      message,
    )
  })

  it('accepts members in any order', () => {
    expect(decoded(`{"PeerId":"${PEER}","DataHubUrl":"${DATA_HUB}","Height":123,"Hash":"${HASH}"}`)).toEqual(
      message,
    )
  })

  it('normalises an upper-case hash to lower case on the way in and out', () => {
    const upper = HASH.toUpperCase()
    expect(decoded(golden.replace(HASH, upper)).hash).toBe(HASH)
    expect(blockMessageCodec.encode({ ...message, hash: upper as Hash })).toBe(golden)
  })

  it('escapes & in the data hub URL as Go does and reads it back', () => {
    const url = 'https://node.example/api/v1?a=1&b=2'
    const text = blockMessageCodec.encode({ ...message, dataHubUrl: url })
    expect(text).toContain('"DataHubUrl":"https://node.example/api/v1?a=1\\u0026b=2"')
    expect(decoded(text).dataHubUrl).toBe(url)
  })

  it('takes missing members as zero values, then requires a hash', () => {
    expect(decoded(`{"Hash":"${HASH}"}`)).toEqual({ hash: HASH, height: 0, dataHubUrl: '', peerId: '' })
    expect(codeOf('{"Height":1}')).toBe('invalid_field')
    expect(codeOf('{}')).toBe('invalid_field')
  })

  it('keeps Height within uint32', () => {
    expect(decoded(`{"Hash":"${HASH}","Height":4294967295}`).height).toBe(4294967295)
    for (const height of ['4294967296', '99999999999', '-1', '1.0', '1e3', '"5"', 'true']) {
      expect(codeOf(`{"Hash":"${HASH}","Height":${height}}`)).toBe('invalid_field')
    }
  })

  it('refuses a data hub URL carrying bidirectional controls with invalid_field', () => {
    for (const url of ['http://x/\u202efdp.exe', 'http://node.example/\u2066a\u2069', 'http://x/\u200e']) {
      const result = blockMessageCodec.decode(`{"Hash":"${HASH}","DataHubUrl":${JSON.stringify(url)}}`)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_field')
        expect(result.error.context).toMatchObject({ message: 'BlockMessage', field: 'DataHubUrl' })
      }
    }
  })

  it('refuses a bad hash with invalid_field naming the member', () => {
    const result = blockMessageCodec.decode(`{"Hash":"${HASH.slice(1)}"}`)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_field')
      expect(result.error.context).toMatchObject({ message: 'BlockMessage', field: 'Hash' })
    }
  })

  it('refuses a payload over 32 KiB before parsing it', () => {
    const url = `http://x/${'a'.repeat(33 * 1024)}`
    expect(codeOf(`{"Hash":"${HASH}","DataHubUrl":"${url}"}`)).toBe('payload_too_large')
    expect(codeOf(new Uint8Array(33 * 1024).fill(0x7b))).toBe('payload_too_large')
    expect(blockMessageCodec.maxBytes).toBe(32 * 1024)
  })

  it('refuses to encode a message that breaks the schema', () => {
    expect(() => blockMessageCodec.encode({ ...message, height: -1 })).toThrow(P2PError)
    expect(() => blockMessageCodec.encode({ ...message, hash: 'xyz' as Hash })).toThrow(P2PError)
    expect(() => blockMessageCodec.encode({ ...message, peerId: 'not a peer id' })).toThrow(P2PError)
  })
})
