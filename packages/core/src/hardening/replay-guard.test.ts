import type { Hash } from '@p2p/domain'
import { FakeClock } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { ReplayGuard } from './replay-guard.js'

const HASH = 'ab'.repeat(32) as Hash
const by = (peerId: string) => ({ peerId, baseUrl: `http://${peerId}.example/` })
const ALL = { handOff: true, notify: true }
const guardOn = (clock = new FakeClock()) =>
  new ReplayGuard({ clock }, { ttlMs: 600_000, maxEntries: 100, maxAnnouncers: 3 })

describe('ReplayGuard', () => {
  it('hands off and notifies once, whoever announces the hash again', () => {
    const guard = guardOn()
    expect(guard.sight('block', HASH, by('a'), false, ALL)).toEqual({
      handOff: true,
      notify: true,
      repeated: false,
    })
    expect(guard.sight('block', HASH, by('b'), false, ALL)).toEqual({
      handOff: false,
      notify: false,
      repeated: false,
    })
    expect(guard.sight('block', HASH, by('a'), false, ALL)).toEqual({
      handOff: false,
      notify: false,
      repeated: false,
    })
  })

  it('keeps each kind apart', () => {
    const guard = guardOn()
    guard.sight('block', HASH, by('a'), false, ALL)
    expect(guard.sight('subtree', HASH, by('a'), false, ALL)).toEqual({
      handOff: true,
      notify: true,
      repeated: false,
    })
    expect(guard.sizes).toEqual({ block: 1, subtree: 1, miningOn: 0, rejectedTx: 0 })
  })

  it('counts our own echo as the first sighting: notified, and nobody else’s copy handed off', () => {
    const guard = guardOn()
    expect(guard.sight('block', HASH, by('self'), true, { handOff: false, notify: true })).toEqual({
      handOff: false,
      notify: true,
      repeated: false,
    })
    expect(guard.sight('block', HASH, by('a'), false, ALL)).toEqual({
      handOff: false,
      notify: false,
      repeated: false,
    })
  })

  it('never offers ourselves as a fallback, nor hands off again once we have announced the hash', () => {
    const guard = guardOn()
    guard.sight('block', HASH, by('a'), false, ALL)
    guard.sight('block', HASH, by('self'), true, { handOff: false, notify: true })
    expect(guard.fallback('block', HASH)).toBeUndefined()
    expect(guard.sight('block', HASH, by('b'), false, ALL).handOff).toBe(false)
    expect(guard.fallback('block', HASH)).toBeUndefined()
  })

  it('does not notify our own echo when a peer announced the hash first', () => {
    const guard = guardOn()
    guard.sight('block', HASH, by('a'), false, ALL)
    expect(guard.sight('block', HASH, by('self'), true, { handOff: false, notify: true })).toEqual({
      handOff: false,
      notify: false,
      repeated: false,
    })
  })

  it('notifies a gossiped block first seen in a best-block reply, without handing it off again', () => {
    const guard = guardOn()
    expect(guard.sight('block', HASH, by('a'), false, { handOff: true, notify: false })).toEqual({
      handOff: true,
      notify: false,
      repeated: false,
    })
    expect(guard.sight('block', HASH, by('b'), false, ALL)).toEqual({
      handOff: false,
      notify: true,
      repeated: false,
    })
  })

  it('keys mining-on by hash and author: each node mining on the tip is news, its repeat is not', () => {
    expect(ReplayGuard.keyOf('miningOn', HASH, 'a')).not.toBe(ReplayGuard.keyOf('miningOn', HASH, 'b'))
    expect(ReplayGuard.keyOf('block', HASH, 'a')).toBe(ReplayGuard.keyOf('block', HASH, 'b'))
  })

  it('forgets a hash after the window', () => {
    const clock = new FakeClock()
    const guard = guardOn(clock)
    guard.sight('rejectedTx', HASH, by('a'), false, { handOff: false, notify: true })
    clock.advance(600_000)
    expect(guard.sight('rejectedTx', HASH, by('a'), false, { handOff: false, notify: true }).notify).toBe(
      true,
    )
  })

  it('offers each recorded announcer in turn after a failed hand-off, then none', () => {
    const guard = guardOn()
    for (const peer of ['a', 'b', 'c', 'd']) guard.sight('subtree', HASH, by(peer), false, ALL)
    expect(guard.fallback('subtree', HASH)).toEqual(by('b'))
    expect(guard.fallback('subtree', HASH)).toEqual(by('c'))
    // d came after the bound of three announcers and was never recorded; three attempts are all.
    expect(guard.fallback('subtree', HASH)).toBeUndefined()
    expect(guard.sight('subtree', HASH, by('e'), false, ALL).handOff).toBe(false)
    expect(guard.fallback('block', HASH)).toBeUndefined()
  })

  it('gives the next announcer its turn when a hand-off failed before anyone else announced', () => {
    const guard = guardOn()
    guard.sight('block', HASH, by('a'), false, ALL)
    expect(guard.fallback('block', HASH)).toBeUndefined()
    // a already had its turn; b gets one; while b's runs, nobody else does.
    expect(guard.sight('block', HASH, by('a'), false, ALL)).toEqual({
      handOff: false,
      notify: false,
      repeated: false,
    })
    expect(guard.sight('block', HASH, by('b'), false, ALL)).toEqual({
      handOff: true,
      notify: false,
      repeated: false,
    })
    expect(guard.sight('block', HASH, by('c'), false, ALL)).toEqual({
      handOff: false,
      notify: false,
      repeated: false,
    })
  })

  it('reports one peer announcing the same hash past the repeat limit, and nobody else', () => {
    const guard = new ReplayGuard(
      { clock: new FakeClock() },
      { ttlMs: 600_000, maxEntries: 100, maxAnnouncers: 3, repeatLimit: 5 },
    )
    const sightings = Array.from(
      { length: 6 },
      () => guard.sight('subtree', HASH, by('a'), false, ALL).repeated,
    )
    expect(sightings).toEqual([false, false, false, false, false, true])
    expect(guard.sight('subtree', HASH, by('b'), false, ALL).repeated).toBe(false)
    // Our own announcements are never counted against anyone.
    for (let i = 0; i < 10; i++)
      expect(guard.sight('block', HASH, by('self'), true, ALL).repeated).toBe(false)
  })
})
