import { type Hash, parseBlockHeader, unwrap } from '@p2p/domain'
import { aHash } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { buildHeader, REGTEST_BITS, targetHexOf } from './chain-data.js'
import { seededRandom } from './random-source.js'

describe('chain data', () => {
  it('expands compact bits to the target', () => {
    expect(targetHexOf(REGTEST_BITS)).toBe(`7fffff${'0'.repeat(58)}`)
    // Bitcoin's genesis difficulty.
    expect(targetHexOf(0x1d00_ffff)).toBe(`00000000ffff${'0'.repeat(52)}`)
    expect(targetHexOf(0x0200_8000)).toBe(`${'0'.repeat(60)}0080`)
  })

  it('builds headers that meet the regtest target and describe what they were asked for', () => {
    const random = seededRandom(11)
    for (let i = 0; i < 50; i++) {
      const previousHash: Hash = aHash()
      const { info, header } = buildHeader(
        {
          previousHash,
          height: 7,
          timestampMs: 1_700_000_000_123,
          txCount: 9n,
          sizeInBytes: 99n,
          miner: 'm',
        },
        random,
      )
      const parsed = unwrap(parseBlockHeader(header))
      expect(parsed).toMatchObject({
        hash: info.hash,
        previousHash,
        timestamp: 1_700_000_000,
        bits: REGTEST_BITS,
      })
      expect(info).toEqual({
        hash: parsed.hash,
        previousHash,
        height: 7,
        txCount: 9n,
        sizeInBytes: 99n,
        miner: 'm',
      })
      expect(info.hash <= targetHexOf(REGTEST_BITS)).toBe(true)
    }
  })
})
