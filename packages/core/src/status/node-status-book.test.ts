import { aNodeStatusMessage, FakeClock } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { NodeStatusBook } from './node-status-book.js'

const book = (clock: FakeClock, maxNodes = 3, expiryMs = 60_000) =>
  new NodeStatusBook({ clock }, { maxNodes, expiryMs })

describe('NodeStatusBook', () => {
  it('keeps the latest status of each node, the stalest first', () => {
    const clock = new FakeClock()
    const statuses = book(clock)
    const a1 = aNodeStatusMessage({ peerId: 'A', bestHeight: 1 })
    const b = aNodeStatusMessage({ peerId: 'B' })
    const a2 = aNodeStatusMessage({ peerId: 'A', bestHeight: 2 })
    statuses.record(a1)
    clock.advance(10)
    statuses.record(b)
    clock.advance(10)
    statuses.record(a2)
    expect(statuses.all().map((known) => [known.status, known.receivedMs - clock.now()])).toEqual([
      [b, -10],
      [a2, 0],
    ])
  })

  it('forgets the node heard from longest ago when full', () => {
    const statuses = book(new FakeClock(), 2)
    for (const peerId of ['A', 'B', 'A', 'C']) statuses.record(aNodeStatusMessage({ peerId }))
    expect(statuses.all().map((known) => known.status.peerId)).toEqual(['A', 'C'])
    expect(statuses.size).toBe(2)
  })

  it('forgets a node not heard from within the expiry', () => {
    const clock = new FakeClock()
    const statuses = book(clock, 10, 30_000)
    statuses.record(aNodeStatusMessage({ peerId: 'A' }))
    clock.advance(20_000)
    statuses.record(aNodeStatusMessage({ peerId: 'B' }))
    clock.advance(10_001)
    expect(statuses.all().map((known) => known.status.peerId)).toEqual(['B'])
    clock.advance(20_000)
    expect(statuses.all()).toEqual([])
    expect(statuses.size).toBe(0)
  })
})
