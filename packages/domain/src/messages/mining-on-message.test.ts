import { describe, expect, it } from 'vitest'
import type { Hash } from '../hash/hash.js'
import { UINT64_MAX } from './fields.js'
import { type MiningOnMessage, miningOnMessageCodec } from './mining-on-message.js'

const HASH = '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048' as Hash
const PREVIOUS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'
const DATA_HUB = 'http://localhost:8090/api/v1'

const message: MiningOnMessage = {
  hash: HASH,
  previousHash: PREVIOUS,
  dataHubUrl: DATA_HUB,
  peerId: PEER,
  height: 1,
  miner: '/Teranode test miner/',
  sizeInBytes: 215n,
  txCount: 1n,
}
const golden =
  `{"Hash":"${HASH}","PreviousHash":"${PREVIOUS}","DataHubUrl":"${DATA_HUB}","PeerId":"${PEER}",` +
  '"Height":1,"Miner":"/Teranode test miner/","SizeInBytes":215,"TxCount":1}'

function decoded(input: string): MiningOnMessage {
  const result = miningOnMessageCodec.decode(input)
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(input: string): string {
  const result = miningOnMessageCodec.decode(input)
  return result.ok ? 'ok' : result.error.code
}

const withCounts = (size: string, count: string) =>
  `{"Hash":"${HASH}","PreviousHash":"${PREVIOUS}","SizeInBytes":${size},"TxCount":${count}}`

describe('miningOnMessageCodec', () => {
  it('encodes the spec-era golden text', () => {
    expect(miningOnMessageCodec.encode(message)).toBe(golden)
    expect(decoded(golden)).toEqual(message)
  })

  it('writes every zero value', () => {
    const zero: MiningOnMessage = {
      hash: HASH,
      previousHash: '0'.repeat(64) as Hash,
      dataHubUrl: '',
      peerId: '',
      height: 0,
      miner: '',
      sizeInBytes: 0n,
      txCount: 0n,
    }
    const text =
      `{"Hash":"${HASH}","PreviousHash":"${'0'.repeat(64)}","DataHubUrl":"","PeerId":"",` +
      '"Height":0,"Miner":"","SizeInBytes":0,"TxCount":0}'
    expect(miningOnMessageCodec.encode(zero)).toBe(text)
    expect(decoded(text)).toEqual(zero)
  })

  it('reads the later reference spelling of the keys', () => {
    const renamed = golden.replace('"DataHubUrl"', '"DataHubURL"').replace('"PeerId"', '"PeerID"')
    expect(decoded(renamed)).toEqual(message)
    expect(decoded(golden.toLowerCase().replace(HASH.toLowerCase(), HASH))).toMatchObject({
      hash: HASH,
      txCount: 1n,
    })
  })

  it('requires both hashes', () => {
    expect(codeOf(`{"Hash":"${HASH}"}`)).toBe('invalid_field')
    expect(codeOf(`{"PreviousHash":"${PREVIOUS}"}`)).toBe('invalid_field')
  })

  describe('uint64 members', () => {
    it('keeps the largest uint64 exactly, as a bigint', () => {
      const text = withCounts('18446744073709551615', '18446744073709551615')
      const value = decoded(text)
      expect(value.sizeInBytes).toBe(UINT64_MAX)
      expect(value.txCount).toBe(18446744073709551615n)
      expect(miningOnMessageCodec.encode(value)).toContain(
        '"SizeInBytes":18446744073709551615,"TxCount":18446744073709551615}',
      )
    })

    // 2^53 + 1 is the first integer a JS number cannot hold; JSON.parse would read 2^53.
    it('keeps 2^53 + 1 exactly', () => {
      const value = decoded(withCounts('9007199254740993', '9007199254740993'))
      expect(value.sizeInBytes).toBe(9007199254740993n)
      expect(value.txCount).toBe(9007199254740993n)
      expect(miningOnMessageCodec.encode(value)).toContain(
        '"SizeInBytes":9007199254740993,"TxCount":9007199254740993}',
      )
    })

    it('refuses values beyond uint64 and anything but an unsigned integer literal', () => {
      for (const bad of [
        '18446744073709551616',
        '99999999999999999999',
        '100000000000000000000000',
        '1.0',
        '1e3',
        '1E3',
        '-1',
        '-0',
        '"5"',
        'true',
        '[1]',
        '{}',
      ]) {
        expect(codeOf(withCounts(bad, '0'))).toBe('invalid_field')
        expect(codeOf(withCounts('0', bad))).toBe('invalid_field')
      }
    })

    it('refuses leading zeros as malformed JSON', () => {
      expect(codeOf(withCounts('01', '0'))).toBe('invalid_json')
    })
  })

  it('keeps Height within uint32', () => {
    expect(codeOf(`{"Hash":"${HASH}","PreviousHash":"${PREVIOUS}","Height":4294967295}`)).toBe('ok')
    expect(codeOf(`{"Hash":"${HASH}","PreviousHash":"${PREVIOUS}","Height":4294967296}`)).toBe(
      'invalid_field',
    )
  })

  it('requires Miner to be printable and at most 1024 characters', () => {
    const miner = (text: string) =>
      `{"Hash":"${HASH}","PreviousHash":"${PREVIOUS}","Miner":${JSON.stringify(text)}}`
    expect(codeOf(miner('x'.repeat(1024)))).toBe('ok')
    expect(codeOf(miner('x'.repeat(1025)))).toBe('invalid_field')
    expect(codeOf(miner('/pool/\n'))).toBe('invalid_field')
    expect(codeOf(miner('a\u0000b'))).toBe('invalid_field')
    expect(codeOf(miner('a\u009bb'))).toBe('invalid_field')
    expect(codeOf(miner('/pool/\u202e/loop/'))).toBe('invalid_field')
    expect(codeOf(miner('\u2067pool\u2069'))).toBe('invalid_field')
    expect(codeOf(miner('矿工 ⛏️'))).toBe('ok')
    expect(codeOf(`{"Hash":"${HASH}","PreviousHash":"${PREVIOUS}","Miner":"\\ud800"}`)).toBe('invalid_field')
  })
})
