import type { GossipSub } from '@libp2p/gossipsub'
import { StreamBufferError, StreamCloseEvent, StreamResetError } from '@libp2p/interface'
import type { Logger } from '@p2p/domain'
import { MemoryLogger } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { StalledPeerGuard } from './stalled-peer-guard.js'

/** gossipsub's shape as the guard sees it; the real library is exercised in test/stalled-peer.test.ts. */
function fakePubsub() {
  const streamsOutbound = new Map<string, { rawStream: EventTarget }>()
  return { pubsub: { streamsOutbound } as unknown as GossipSub, streamsOutbound }
}

function setUp() {
  const { pubsub, streamsOutbound } = fakePubsub()
  const logger = new MemoryLogger()
  const disconnected: string[] = []
  let now = 0
  const guard = new StalledPeerGuard(
    { pubsub, disconnect: (peer) => disconnected.push(peer), logger: logger as Logger, now: () => now },
    { warnEveryMs: 1_000 },
  )
  guard.start()
  /** A stream gossipsub stores for `peer`, closed later with `error`. */
  const open = (peer: string) => {
    const rawStream = new EventTarget()
    streamsOutbound.set(peer, { rawStream })
    return (error?: Error) => rawStream.dispatchEvent(new StreamCloseEvent(true, error))
  }
  return { guard, logger, disconnected, open, advance: (ms: number) => (now += ms), streamsOutbound }
}

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve))

describe('StalledPeerGuard', () => {
  it('disconnects and counts a peer whose stream overflowed, after the abort has run', async () => {
    const { guard, logger, disconnected, open, streamsOutbound } = setUp()
    const close = open('peer-a')
    expect(streamsOutbound.has('peer-a')).toBe(true)
    close(new StreamBufferError('Write buffer length of 300000 exceeded limit of 262144'))
    expect(disconnected).toEqual([])
    await settle()
    expect(disconnected).toEqual(['peer-a'])
    expect(guard.count).toBe(1)
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1)
  })

  it('leaves streams that end otherwise alone', async () => {
    const { guard, disconnected, open } = setUp()
    open('peer-a')()
    open('peer-b')(new StreamResetError('the remote reset'))
    await settle()
    expect(disconnected).toEqual([])
    expect(guard.count).toBe(0)
  })

  it('warns once per interval and keeps the rest at debug', async () => {
    const { guard, logger, open, advance } = setUp()
    for (const peer of ['a', 'b', 'c']) open(peer)(new StreamBufferError())
    advance(1_000)
    open('d')(new StreamBufferError())
    await settle()
    expect(guard.count).toBe(4)
    const warnings = logger.entries.filter((e) => e.level === 'warn')
    expect(warnings.map((e) => e.context?.warningsHeldBack)).toEqual([0, 2])
  })

  it('does nothing once stopped', async () => {
    const { guard, disconnected, open } = setUp()
    const close = open('peer-a')
    guard.stop()
    close(new StreamBufferError())
    await settle()
    expect(disconnected).toEqual([])
    expect(guard.count).toBe(0)
  })

  it('warns when gossipsub has no outbound stream map to watch', () => {
    const logger = new MemoryLogger()
    const guard = new StalledPeerGuard({
      pubsub: {} as GossipSub,
      disconnect: () => {},
      logger: logger as Logger,
      now: () => 0,
    })
    guard.start()
    expect(logger.entries.some((e) => e.level === 'warn' && e.message.includes('stays deaf'))).toBe(true)
  })
})
