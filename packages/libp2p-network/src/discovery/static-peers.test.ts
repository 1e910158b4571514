import { MemoryLogger } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type StaticPeerHost, StaticPeers } from './static-peers.js'

const ADDRESS = '/ip4/127.0.0.1/tcp/9905/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const ID = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'

class FakeHost implements StaticPeerHost {
  readonly dials: number[] = []
  up = false
  connected = false
  banned = false

  async dial(): Promise<void> {
    this.dials.push(Date.now())
    if (!this.up) throw new Error('connection refused')
    this.connected = true
  }

  isConnected(): boolean {
    return this.connected
  }

  isBanned(): boolean {
    return this.banned
  }
}

describe('StaticPeers', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function setup() {
    const host = new FakeHost()
    const logger = new MemoryLogger()
    const peers = new StaticPeers(
      { host, logger },
      { addresses: [ADDRESS], redial: { initial: 100, max: 400 } },
    )
    return { host, peers, logger }
  }

  it('dials at start and retries forever with a capped, doubling backoff', async () => {
    const { host, peers } = setup()
    const start = Date.now()
    peers.start()
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400 + 400)
    expect(host.dials.map((t) => t - start)).toEqual([0, 100, 300, 700, 1100, 1500])
    peers.stop()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(host.dials).toHaveLength(6)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('redials a static peer when it drops, and ignores other peers', async () => {
    const { host, peers } = setup()
    host.up = true
    peers.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(host.dials).toHaveLength(1)
    host.connected = false
    peers.disconnected('someone-else')
    await vi.advanceTimersByTimeAsync(1000)
    expect(host.dials).toHaveLength(1)
    peers.disconnected(ID)
    await vi.advanceTimersByTimeAsync(100)
    expect(host.dials).toHaveLength(2)
    expect(host.connected).toBe(true)
    peers.stop()
  })

  it('does not dial a banned static peer, and dials it again once the ban is over', async () => {
    const { host, peers, logger } = setup()
    host.up = true
    host.banned = true
    peers.start()
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400)
    expect(host.dials).toHaveLength(0)
    expect(logger.filter('warn')).toHaveLength(0)
    host.banned = false
    await vi.advanceTimersByTimeAsync(400)
    expect(host.dials).toHaveLength(1)
    expect(host.connected).toBe(true)
    peers.stop()
  })

  it('knows which peers are static', () => {
    const { peers } = setup()
    expect(peers.isStatic(ID)).toBe(true)
    expect(peers.isStatic('other')).toBe(false)
  })
})

describe('StaticPeers on a steady schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('redials every everyMs for the first forMs, then every thenEveryMs, whatever failed before', async () => {
    const host = new FakeHost()
    const logger = new MemoryLogger()
    const peers = new StaticPeers(
      { host, logger },
      {
        addresses: [ADDRESS],
        redial: { everyMs: 100, forMs: 350, thenEveryMs: 1_000 },
        role: 'bootstrap peer',
      },
    )
    const start = Date.now()
    peers.start()
    await vi.advanceTimersByTimeAsync(2_500)
    // 0, 100, 200, 300 fall in the first 350 ms; the wait chosen at 400 is already the slow one.
    expect(host.dials.map((t) => t - start)).toEqual([0, 100, 200, 300, 400, 1_400, 2_400])
    expect(logger.entries.some((e) => e.message === 'could not dial bootstrap peer; will retry')).toBe(true)
    host.up = true
    await vi.advanceTimersByTimeAsync(1_000)
    expect(host.connected).toBe(true)
    // A drop long after start is redialled at the slow pace, not the backoff's first delay.
    host.connected = false
    peers.disconnected(ID)
    await vi.advanceTimersByTimeAsync(999)
    expect(host.dials).toHaveLength(8)
    await vi.advanceTimersByTimeAsync(1)
    expect(host.dials).toHaveLength(9)
    peers.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
