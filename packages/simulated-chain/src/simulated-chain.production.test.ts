import {
  type ChainEvent,
  type ChainEventKind,
  type Hash,
  type P2PError,
  parseBlockHeader,
  unwrap,
} from '@p2p/domain'
import { FakeClock } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { type RandomSource, seededRandom } from './random-source.js'
import { SimulatedChain } from './simulated-chain.js'
import type { SimulatedChainOptionsInput } from './simulated-chain-options.js'

interface Seen {
  readonly kind: ChainEventKind | 'rejected'
  readonly hash: Hash
  readonly atMs: number
}

function setUp(options: SimulatedChainOptionsInput = {}, random?: RandomSource) {
  const clock = new FakeClock()
  const errors: P2PError[] = []
  const deps = random === undefined ? { clock } : { clock, random }
  const chain = new SimulatedChain({ ...deps, onError: (error) => errors.push(error) }, options)
  const seen: Seen[] = []
  chain.subscribeChainEvents((e: ChainEvent) => seen.push({ kind: e.kind, hash: e.hash, atMs: clock.now() }))
  chain.subscribeRejectedTxs((r) => seen.push({ kind: 'rejected', hash: r.txId, atMs: clock.now() }))
  const startMs = clock.now()
  const of = (kind: Seen['kind']) => seen.filter((s) => s.kind === kind)
  const gaps = (kind: Seen['kind']) => of(kind).map((s, i, all) => s.atMs - (all[i - 1]?.atMs ?? startMs))
  return { clock, chain, seen, errors, of, gaps }
}

describe('SimulatedChain production', () => {
  it('produces nothing and holds no timer until production is leased', () => {
    const { clock, chain, seen } = setUp()
    clock.advance(60_000)
    expect(seen).toEqual([])
    expect(clock.pendingTimers).toBe(0)
    expect(chain.producing).toBe(false)
  })

  it('makes subtrees, blocks and rejections at their rates, each interval within ±20%', () => {
    const { clock, chain, gaps, errors } = setUp()
    chain.acquireProduction()
    clock.advance(300_000)
    for (const [kind, mean] of [
      ['subtree', 1_000],
      ['block', 10_000],
      ['rejected', 7_000],
    ] as const) {
      const intervals = gaps(kind)
      expect(intervals.length).toBeGreaterThanOrEqual(Math.floor(300_000 / (mean * 1.2)))
      expect(intervals.length).toBeLessThanOrEqual(Math.ceil(300_000 / (mean * 0.8)))
      for (const gap of intervals) {
        expect(gap).toBeGreaterThanOrEqual(mean * 0.8)
        expect(gap).toBeLessThanOrEqual(mean * 1.2)
      }
    }
    expect(errors).toEqual([])
  })

  it('chains its blocks: height +1 on the previous hash, real headers, each followed by mining on it', () => {
    const { clock, chain, seen, of } = setUp()
    const genesis = chain.bestHeaderRecord().info
    chain.acquireProduction()
    clock.advance(120_000)
    const blocks = of('block')
    expect(blocks.length).toBeGreaterThanOrEqual(10)
    let previous = genesis
    for (const block of blocks) {
      const record = chain.headerRecord(block.hash)
      expect(record).toBeDefined()
      const { info, header } = record as NonNullable<typeof record>
      expect(info).toMatchObject({ height: previous.height + 1, previousHash: previous.hash })
      expect(unwrap(parseBlockHeader(header)).hash).toBe(block.hash)
      const at = seen.indexOf(block)
      expect(seen[at + 1]).toEqual({ kind: 'miningOn', hash: block.hash, atMs: block.atMs })
      previous = info
    }
    expect(chain.bestHeaderRecord().info).toEqual(previous)
  })

  it('puts each block after the subtrees of its interval, the one due at the same moment included', () => {
    const { clock, chain, seen } = setUp({ jitter: 0, rejectedTxIntervalMs: 0 })
    chain.acquireProduction()
    clock.advance(30_000)
    const round = [...Array(10).fill('subtree'), 'block', 'miningOn']
    expect(seen.map((s) => s.kind)).toEqual([...round, ...round, ...round])
    expect(seen.filter((s) => s.kind === 'block').map((s) => s.atMs - clock.now())).toEqual([
      -20_000, -10_000, 0,
    ])
  })

  it('runs its timers while any lease is held, and leaves none once the last is released', () => {
    const { clock, chain, seen } = setUp()
    const first = chain.acquireProduction()
    const second = chain.acquireProduction()
    expect(clock.pendingTimers).toBe(3)
    first()
    first()
    expect(chain.producing).toBe(true)
    clock.advance(20_000)
    const produced = seen.length
    expect(produced).toBeGreaterThan(0)
    second()
    expect(clock.pendingTimers).toBe(0)
    expect(chain.producing).toBe(false)
    clock.advance(60_000)
    expect(seen).toHaveLength(produced)
    const again = chain.acquireProduction()
    clock.advance(20_000)
    expect(seen.length).toBeGreaterThan(produced)
    again()
    expect(clock.pendingTimers).toBe(0)
  })

  it('leaves no timer when released between a block falling due and being made', () => {
    const { clock, chain, of } = setUp({ jitter: 0, rejectedTxIntervalMs: 0 })
    const release = chain.acquireProduction()
    // The block timer falls due first (it was set first); the subtree due at the same moment,
    // which closes the interval, gives production back before the block is made.
    chain.subscribeChainEvents(() => {
      if (of('subtree').length === 10) release()
    })
    clock.advance(10_000)
    expect(of('block')).toEqual([])
    expect(clock.pendingTimers).toBe(0)
  })

  it('with autoRun off, produces only when triggered by hand', () => {
    const { clock, chain, seen } = setUp({ autoRun: false })
    const release = chain.acquireProduction()
    clock.advance(120_000)
    expect(seen).toEqual([])
    expect(clock.pendingTimers).toBe(0)
    chain.addSubtree()
    chain.mineBlock()
    chain.rejectTx()
    expect(seen.map((s) => s.kind)).toEqual(['subtree', 'block', 'miningOn', 'rejected'])
    release()
  })

  it('makes no rejections when their interval is 0', () => {
    const { clock, chain, of } = setUp({ rejectedTxIntervalMs: 0 })
    chain.acquireProduction()
    expect(clock.pendingTimers).toBe(2)
    clock.advance(100_000)
    expect(of('rejected')).toEqual([])
    expect(of('block').length).toBeGreaterThan(0)
  })

  it('starts the wait for the next block over when one is mined by hand', () => {
    const { clock, chain, of } = setUp({ jitter: 0 })
    chain.acquireProduction()
    clock.advance(5_000)
    chain.mineBlock()
    clock.advance(9_999)
    expect(of('block')).toHaveLength(1)
    clock.advance(1)
    expect(of('block')).toHaveLength(2)
  })

  it('is reproducible from a seed', () => {
    const run = (seed: number) => {
      const { clock, chain, seen } = setUp({}, seededRandom(seed))
      chain.acquireProduction()
      clock.advance(60_000)
      return { seen, best: chain.bestHeaderRecord() }
    }
    const first = run(42)
    expect(run(42)).toEqual(first)
    expect(run(43).seen).not.toEqual(first.seen)
  })

  it('keeps producing when a listener throws or a block cannot be made, and reports why', () => {
    const { clock, chain, of, errors } = setUp({ startHeight: 0xffff_ffff, rejectedTxIntervalMs: 0 })
    chain.subscribeChainEvents(() => {
      throw new Error('listener broke')
    })
    chain.acquireProduction()
    clock.advance(25_000)
    expect(of('block')).toEqual([])
    expect(of('subtree').length).toBeGreaterThanOrEqual(20)
    const codes = new Set(errors.map((error) => error.code))
    expect(codes).toEqual(new Set(['internal', 'invalid_header']))
    expect(errors.filter((error) => error.code === 'invalid_header').length).toBeGreaterThanOrEqual(2)
  })
})
