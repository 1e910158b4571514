import { MemoryLogger } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { ConnectionTrimmer, type TrimmableConnection } from './connection-trimmer.js'

function fleet(count: number, openedAt: (i: number) => number) {
  const closed: string[] = []
  const connections: TrimmableConnection[] = Array.from({ length: count }, (_, i) => ({
    peer: `peer-${i}`,
    openedAt: openedAt(i),
    close: async () => {
      closed.push(`peer-${i}`)
    },
  }))
  return { connections, closed }
}

describe('ConnectionTrimmer', () => {
  const options = { low: 3, high: 5, graceMs: 1_000, checkIntervalMs: 500 }

  it('does nothing at or below the high mark', () => {
    const { connections, closed } = fleet(5, () => 0)
    const trimmer = new ConnectionTrimmer(
      {
        host: { connections: () => connections, isProtected: () => false },
        logger: new MemoryLogger(),
        now: () => 10_000,
      },
      options,
    )
    expect(trimmer.check()).toBe(0)
    expect(closed).toEqual([])
  })

  it('past the high mark, closes the oldest unprotected connections down to the low mark', () => {
    // peer-0 is the oldest; peer-1 is protected (a topic peer); peer-7 is still in its grace.
    const { connections, closed } = fleet(8, (i) => (i === 7 ? 9_500 : i * 10))
    const logger = new MemoryLogger()
    const trimmer = new ConnectionTrimmer(
      {
        host: { connections: () => connections, isProtected: (peer) => peer === 'peer-1' },
        logger,
        now: () => 10_000,
      },
      options,
    )
    expect(trimmer.check()).toBe(5)
    expect(closed).toEqual(['peer-0', 'peer-2', 'peer-3', 'peer-4', 'peer-5'])
    expect(trimmer.trimmedCount).toBe(5)
    expect(logger.entries.some((entry) => entry.message === 'closed connections over the high mark')).toBe(
      true,
    )
  })

  it('never closes protected or young connections, even if that leaves it above the high mark', () => {
    const { connections, closed } = fleet(8, (i) => (i < 4 ? 0 : 9_900))
    const trimmer = new ConnectionTrimmer(
      {
        host: {
          connections: () => connections,
          isProtected: (peer) => peer === 'peer-0' || peer === 'peer-1',
        },
        logger: new MemoryLogger(),
        now: () => 10_000,
      },
      options,
    )
    expect(trimmer.check()).toBe(2)
    expect(closed).toEqual(['peer-2', 'peer-3'])
  })

  it('checks after a new connection once started, and leaves no timer behind once stopped', async () => {
    const { connections, closed } = fleet(6, () => 0)
    const trimmer = new ConnectionTrimmer(
      {
        host: { connections: () => connections, isProtected: () => false },
        logger: new MemoryLogger(),
        now: () => 10_000,
      },
      { ...options, checkIntervalMs: 60_000 },
    )
    trimmer.connected()
    await new Promise((resolve) => setImmediate(resolve))
    expect(closed).toEqual([])
    trimmer.start()
    trimmer.connected()
    trimmer.connected()
    await new Promise((resolve) => setImmediate(resolve))
    expect(closed).toHaveLength(3)
    trimmer.stop()
    trimmer.connected()
    await new Promise((resolve) => setImmediate(resolve))
    expect(closed).toHaveLength(3)
  })

  it('refuses marks with low above high', () => {
    expect(
      () =>
        new ConnectionTrimmer(
          {
            host: { connections: () => [], isProtected: () => false },
            logger: new MemoryLogger(),
            now: Date.now,
          },
          { ...options, low: 6 },
        ),
    ).toThrow(RangeError)
  })
})
