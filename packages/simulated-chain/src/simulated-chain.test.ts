import {
  type ChainEvent,
  type Hash,
  parseBlockHeader,
  type RejectedTx,
  UINT32_MAX,
  unwrap,
  ZERO_HASH,
} from '@p2p/domain'
import { aHash, aHeaderRecord, FakeClock } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { BLOCK_VERSION, REGTEST_BITS, REJECT_REASONS, targetHexOf } from './chain-data.js'
import { seededRandom } from './random-source.js'
import { SimulatedChain } from './simulated-chain.js'
import type { SimulatedChainOptionsInput } from './simulated-chain-options.js'

function setUp(options: SimulatedChainOptionsInput = {}) {
  const clock = new FakeClock()
  const chain = new SimulatedChain({ clock, random: seededRandom(7) }, { autoRun: false, ...options })
  const events: ChainEvent[] = []
  const rejected: RejectedTx[] = []
  chain.subscribeChainEvents((event) => events.push(event))
  chain.subscribeRejectedTxs((tx) => rejected.push(tx))
  return { clock, chain, events, rejected }
}

const kindsOf = (events: readonly ChainEvent[]) => events.map((event) => event.kind)

describe('SimulatedChain data', () => {
  it('has a genesis-like best header from construction on', () => {
    const { clock, chain } = setUp({ startHeight: 42, miner: '/dev/' })
    const { info, header } = chain.bestHeaderRecord()
    expect(info).toMatchObject({ height: 42, previousHash: ZERO_HASH, txCount: 1n, miner: '/dev/' })
    const parsed = unwrap(parseBlockHeader(header))
    expect(parsed).toMatchObject({ hash: info.hash, previousHash: ZERO_HASH, version: BLOCK_VERSION })
    expect(parsed.timestamp).toBe(Math.floor(clock.now() / 1000))
    expect(chain.headerRecord(info.hash)?.info).toEqual(info)
  })

  it('mines real headers: height +1, on the previous hash, hashing to the block hash, meeting the target', () => {
    const { clock, chain } = setUp()
    let previous = chain.bestHeaderRecord().info
    for (let i = 0; i < 20; i++) {
      clock.advance(10_000)
      const block = chain.mineBlock()
      const parsed = unwrap(parseBlockHeader(block.header))
      expect(block.header).toHaveLength(80)
      expect(block.info.height).toBe(previous.height + 1)
      expect(block.info.previousHash).toBe(previous.hash)
      expect(parsed.hash).toBe(block.info.hash)
      expect(parsed.previousHash).toBe(previous.hash)
      expect(parsed).toMatchObject({ version: 0x2000_0000, bits: REGTEST_BITS })
      expect(parsed.timestamp).toBe(Math.floor(clock.now() / 1000))
      expect(parsed.hash <= targetHexOf(REGTEST_BITS)).toBe(true)
      expect(chain.bestHeaderRecord()).toEqual({ info: block.info, header: block.header })
      previous = block.info
    }
  })

  it('sums the block’s subtrees into its tx count and size', () => {
    const { chain, events } = setUp()
    const subtrees = [chain.addSubtree(), chain.addSubtree(), chain.addSubtree()]
    expect(chain.pendingSubtreeCount).toBe(3)
    const block = chain.mineBlock()
    expect(block.subtrees).toEqual(subtrees.map((s) => s.hash))
    expect(block.subtreeCount).toBe(3)
    expect(block.info.txCount).toBe(subtrees.reduce((sum, s) => sum + s.txCount, 0n))
    expect(block.info.sizeInBytes).toBe(subtrees.reduce((sum, s) => sum + s.sizeInBytes, 0n))
    expect(block.info.txCount).toBeGreaterThanOrEqual(3n * 256n)
    expect(block.info.sizeInBytes).toBeGreaterThan(block.info.txCount * 100n)
    expect(chain.pendingSubtreeCount).toBe(0)
    expect(kindsOf(events)).toEqual(['subtree', 'subtree', 'subtree', 'block', 'miningOn'])
  })

  it('makes a subtree first when a block would have none, and follows each block by mining on it', () => {
    const { chain, events } = setUp({ baseUrl: 'https://node.example/api/v1' })
    const block = chain.mineBlock()
    expect(block.subtreeCount).toBe(1)
    const baseUrl = 'https://node.example/api/v1'
    expect(events).toEqual([
      { kind: 'subtree', hash: block.subtrees[0], baseUrl },
      { kind: 'block', hash: block.info.hash, baseUrl },
      { kind: 'miningOn', hash: block.info.hash, baseUrl },
    ])
  })

  it('rejects transactions with a random txid and a realistic or given reason', () => {
    const { chain, rejected } = setUp()
    const first = chain.rejectTx()
    const second = chain.rejectTx('custom reason')
    expect(first.txId).toMatch(/^[0-9a-f]{64}$/)
    expect(REJECT_REASONS).toContain(first.reason)
    expect(second.reason).toBe('custom reason')
    expect(rejected).toEqual([first, second])
  })

  it('passes injected events and rejections through as they are', () => {
    const { chain, events, rejected } = setUp()
    const event: ChainEvent = { kind: 'miningOn', hash: aHash() }
    const tx: RejectedTx = { txId: aHash(), reason: 'x' }
    chain.emit(event)
    chain.emitRejectedTx(tx)
    expect(events).toEqual([event])
    expect(rejected).toEqual([tx])
  })

  it('stores added headers, makes one best on request, and mines on top of it', () => {
    const { chain } = setUp()
    const record = aHeaderRecord({ height: 500 })
    chain.addHeader(record.info, record.header)
    expect(chain.headerRecord(record.info.hash)).toEqual(record)
    chain.setBest(record.info.hash)
    expect(chain.bestHeaderRecord()).toEqual(record)
    const block = chain.mineBlock()
    expect(block.info).toMatchObject({ height: 501, previousHash: record.info.hash })
  })

  it('refuses header bytes that do not match their info, and an unknown best', () => {
    const { chain } = setUp()
    const record = aHeaderRecord()
    const other = aHeaderRecord()
    expect(() => chain.addHeader(record.info, other.header)).toThrow(
      expect.objectContaining({ code: 'invalid_header' }),
    )
    expect(() => chain.addHeader(record.info, record.header.subarray(1))).toThrow(
      expect.objectContaining({ code: 'invalid_header' }),
    )
    expect(() => chain.addHeader({ ...record.info, height: -1 }, record.header)).toThrow(
      expect.objectContaining({ code: 'invalid_field' }),
    )
    expect(() => chain.setBest(aHash())).toThrow(expect.objectContaining({ code: 'invalid_field' }))
  })

  it('hands out copies, so a caller cannot change the stored header bytes', () => {
    const { chain } = setUp()
    const { info, header } = chain.bestHeaderRecord()
    header.fill(0)
    expect(unwrap(parseBlockHeader(chain.bestHeaderRecord().header)).hash).toBe(info.hash)
    const record = aHeaderRecord()
    chain.addHeader(record.info, record.header)
    record.header.fill(0)
    expect(chain.headerRecord(record.info.hash)?.header).not.toEqual(record.header)
  })

  it('keeps the last historyLimit headers, and always the best one', () => {
    const { chain } = setUp({ historyLimit: 5 })
    const hashes: Hash[] = [chain.bestHeaderRecord().info.hash]
    for (let i = 0; i < 10; i++) hashes.push(chain.mineBlock().info.hash)
    expect(chain.historySize).toBe(5)
    expect(hashes.map((hash) => chain.headerRecord(hash) !== undefined)).toEqual([
      ...Array(6).fill(false),
      ...Array(5).fill(true),
    ])
    const best = hashes[7] as Hash
    chain.setBest(best)
    for (let i = 0; i < 5; i++) {
      const record = aHeaderRecord()
      chain.addHeader(record.info, record.header)
    }
    expect(chain.historySize).toBe(5)
    expect(chain.headerRecord(hashes[8] as Hash)).toBeUndefined()
    expect(chain.headerRecord(best)?.info.hash).toBe(best)
    expect(chain.bestHeaderRecord().info.hash).toBe(best)
  })

  it('refuses to mine past the highest height a header can carry', () => {
    const { chain, events } = setUp({ startHeight: UINT32_MAX })
    expect(() => chain.mineBlock()).toThrow(expect.objectContaining({ code: 'invalid_header' }))
    expect(events).toEqual([])
  })

  it('refuses bad settings with invalid_config', () => {
    const clock = new FakeClock()
    for (const bad of [
      { subtreeIntervalMs: 0 },
      { rejectedTxIntervalMs: -1 },
      { jitter: 1 },
      { baseUrl: 'ftp://x' },
      { startHeight: 1.5 },
    ]) {
      expect(() => new SimulatedChain({ clock }, bad)).toThrow(
        expect.objectContaining({ code: 'invalid_config' }),
      )
    }
  })
})
