import type { GossipSub } from '@libp2p/gossipsub'
import { MemoryLogger, nextTick, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { guardPeerExchange } from './peer-exchange-guard.js'

/** Stands in for gossipsub's dialer: dials wait until released, and some peers fail. */
class FakeDialer {
  readonly dialled: string[] = []
  readonly failing = new Set<string>()
  private release = () => {}
  private gate: Promise<void> = Promise.resolve()

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.release = resolve
    })
  }

  open(): void {
    this.release()
  }

  async connect(id: string): Promise<void> {
    this.dialled.push(id)
    await this.gate
    if (this.failing.has(id)) throw new Error(`dial to ${id} failed`)
  }
}

const asGossipSub = (dialer: object) => dialer as unknown as GossipSub

describe('guardPeerExchange', () => {
  it('returns before the dial ends, and turns a failed dial into a debug line', async () => {
    const dialer = new FakeDialer()
    const logger = new MemoryLogger()
    expect(guardPeerExchange(asGossipSub(dialer), 8, logger)).toBe(true)
    dialer.failing.add('b')
    dialer.hold()
    // What the library does with one PRUNE's suggestions: all at once, and it awaits them all.
    await Promise.all(['a', 'b', 'c'].map((id) => dialer.connect(id)))
    expect(dialer.dialled).toEqual(['a', 'b', 'c'])
    dialer.open()
    await waitFor(
      () => logger.filter('debug', 'could not dial a peer suggested by peer exchange').length === 1,
    )
  })

  it('drops suggestions while as many suggested dials as allowed are under way', async () => {
    const dialer = new FakeDialer()
    const logger = new MemoryLogger()
    guardPeerExchange(asGossipSub(dialer), 2, logger)
    dialer.hold()
    await Promise.all(['a', 'b', 'c'].map((id) => dialer.connect(id)))
    expect(dialer.dialled).toEqual(['a', 'b'])
    dialer.open()
    // Both dials have ended by the next turn of the event loop: there is room again.
    await nextTick()
    await dialer.connect('d')
    expect(dialer.dialled).toEqual(['a', 'b', 'd'])
    expect(logger.filter('debug', 'peer exchange suggestion dropped; enough dials under way')).toHaveLength(1)
  })

  it('reports a gossipsub without the method, so the caller can warn', () => {
    expect(guardPeerExchange(asGossipSub({}), 8, new MemoryLogger())).toBe(false)
  })
})
