import { describe, expect, it } from 'vitest'
import type { Hash } from '../hash/hash.js'
import { type SubtreeMessage, subtreeMessageCodec } from './subtree-message.js'

const HASH = '8a2b7e0c5f3d1a9e4b6c2d8f0e1a3b5c7d9e2f4a6b8c0d1e3f5a7b9c1d2e3f40' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'
const DATA_HUB = 'https://teranode.example.com/api/v1'

const message: SubtreeMessage = { hash: HASH, dataHubUrl: DATA_HUB, peerId: PEER }
const golden = `{"Hash":"${HASH}","DataHubUrl":"${DATA_HUB}","PeerId":"${PEER}"}`

function decoded(input: string): SubtreeMessage {
  const result = subtreeMessageCodec.decode(input)
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(input: string): string {
  const result = subtreeMessageCodec.decode(input)
  return result.ok ? 'ok' : result.error.code
}

describe('subtreeMessageCodec', () => {
  it('encodes the spec-era golden text', () => {
    expect(subtreeMessageCodec.encode(message)).toBe(golden)
    expect(decoded(golden)).toEqual(message)
  })

  it('writes empty strings rather than omitting members', () => {
    const text = `{"Hash":"${HASH}","DataHubUrl":"","PeerId":""}`
    expect(subtreeMessageCodec.encode({ hash: HASH, dataHubUrl: '', peerId: '' })).toBe(text)
    expect(decoded(text)).toEqual({ hash: HASH, dataHubUrl: '', peerId: '' })
  })

  it('reads the later reference spelling of the keys', () => {
    expect(decoded(`{"Hash":"${HASH}","DataHubURL":"${DATA_HUB}","PeerID":"${PEER}"}`)).toEqual(message)
    expect(decoded(`{"HASH":"${HASH}","DATAHUBURL":"${DATA_HUB}","peerid":"${PEER}"}`)).toEqual(message)
  })

  it('has no Height member: one is ignored like any unknown key', () => {
    expect(decoded(`{"Hash":"${HASH}","Height":"not even a number"}`)).toEqual({
      hash: HASH,
      dataHubUrl: '',
      peerId: '',
    })
  })

  it('refuses a missing hash and a non-http data hub URL', () => {
    expect(codeOf(`{"DataHubUrl":"${DATA_HUB}"}`)).toBe('invalid_field')
    expect(codeOf(`{"Hash":"${HASH}","DataHubUrl":"ftp://teranode.example.com/"}`)).toBe('invalid_field')
  })

  it('caps the payload at 32 KiB', () => {
    expect(subtreeMessageCodec.maxBytes).toBe(32 * 1024)
    expect(codeOf(golden.padEnd(32 * 1024, ' '))).toBe('ok')
    expect(codeOf(golden.padEnd(32 * 1024 + 1, ' '))).toBe('payload_too_large')
  })
})
