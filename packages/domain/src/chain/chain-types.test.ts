import { describe, expect, it } from 'vitest'
import {
  blockHeaderInfoSchema,
  CHAIN_EVENT_KINDS,
  chainEventSchema,
  rejectedTxSchema,
} from './chain-types.js'

const HASH = 'AB'.repeat(32)

describe('chain types', () => {
  it('chain events are block, subtree or miningOn with a hash, lower-cased', () => {
    expect(CHAIN_EVENT_KINDS).toEqual(['block', 'subtree', 'miningOn'])
    expect(chainEventSchema.parse({ kind: 'block', hash: HASH })).toEqual({
      kind: 'block',
      hash: HASH.toLowerCase(),
    })
    expect(chainEventSchema.safeParse({ kind: 'rejectedTx', hash: HASH }).success).toBe(false)
    expect(chainEventSchema.safeParse({ kind: 'block', hash: 'ab' }).success).toBe(false)
    // Port data is built by adapters: properties the core does not use are dropped, not refused.
    expect(chainEventSchema.parse({ kind: 'subtree', hash: HASH, extra: 1 })).toEqual({
      kind: 'subtree',
      hash: HASH.toLowerCase(),
    })
  })

  it('block header info keeps uint64 counts as bigints and bounds the miner text', () => {
    const info = {
      hash: HASH,
      previousHash: HASH,
      height: 1,
      txCount: 18446744073709551615n,
      sizeInBytes: 0n,
      miner: '',
    }
    expect(blockHeaderInfoSchema.parse(info).txCount).toBe(18446744073709551615n)
    expect(blockHeaderInfoSchema.safeParse({ ...info, txCount: 1 }).success).toBe(false)
    expect(blockHeaderInfoSchema.safeParse({ ...info, height: 2 ** 32 }).success).toBe(false)
    expect(blockHeaderInfoSchema.safeParse({ ...info, miner: 'm'.repeat(64 * 1024 + 1) }).success).toBe(false)
  })

  it('rejected transactions need a tx id', () => {
    expect(rejectedTxSchema.safeParse({ txId: HASH, reason: 'r' }).success).toBe(true)
    expect(rejectedTxSchema.safeParse({ txId: '', reason: 'r' }).success).toBe(false)
  })
})
