import { describe, expect, it } from 'vitest'
import { BanScores, type BanScoresOptions } from './ban-scores.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

function setup(overrides: Partial<BanScoresOptions> = {}) {
  const clock = { now: 1_700_000_000_000 }
  let changes = 0
  const scores = new BanScores(
    {
      now: () => clock.now,
      onBanAdded: () => {
        changes++
      },
    },
    {
      threshold: 100,
      durationMs: DAY,
      decayPerMinute: 1,
      maxTrackedPeers: 10_000,
      maxBans: 10_000,
      offenceScores: { invalid_message: 10, protocol_violation: 20, spam: 50 },
      ...overrides,
    },
  )
  return { scores, clock, changes: () => changes }
}

describe('BanScores', () => {
  it('adds +10, +20 and +50 per offence', () => {
    const { scores } = setup()
    scores.penalize('p', 'invalid_message', 'bad block')
    expect(scores.score('p')).toBe(10)
    scores.penalize('p', 'protocol_violation', 'bad frame')
    expect(scores.score('p')).toBe(30)
    scores.penalize('p', 'spam', 'flood')
    expect(scores.score('p')).toBe(80)
    expect(scores.score('someone-else')).toBe(0)
    expect(scores.isBanned('p')).toBe(false)
  })

  it('decays one point a minute, computed when read, never below zero', () => {
    const { scores, clock } = setup()
    scores.penalize('p', 'spam', 'x')
    clock.now += 30 * MINUTE
    expect(scores.score('p')).toBe(20)
    clock.now += 90 * MINUTE
    expect(scores.score('p')).toBe(0)
    scores.penalize('p', 'invalid_message', 'x')
    expect(scores.score('p')).toBe(10)
  })

  it('decays by whole minutes, counted from the first penalty still on record', () => {
    const { scores, clock } = setup()
    scores.penalize('p', 'spam', 'x')
    clock.now += MINUTE - 1
    expect(scores.score('p')).toBe(50)
    scores.penalize('p', 'invalid_message', 'x')
    clock.now += 1
    expect(scores.score('p')).toBe(59)
    clock.now += MINUTE
    expect(scores.score('p')).toBe(58)
  })

  it('bans for ten invalid messages within a minute, as the reference counts', () => {
    const { scores, clock } = setup()
    for (let i = 0; i < 9; i++) {
      scores.penalize('p', 'invalid_message', 'x')
      clock.now += 5_000
    }
    expect(scores.penalize('p', 'invalid_message', 'x')?.score).toBe(100)
  })

  it('does not raise a score when the clock steps back', () => {
    const { scores, clock } = setup()
    scores.penalize('p', 'spam', 'x')
    clock.now -= 10 * MINUTE
    expect(scores.score('p')).toBe(50)
  })

  it('bans at the threshold for the ban duration, and tells once', () => {
    const { scores, clock, changes } = setup()
    scores.penalize('p', 'spam', 'one')
    expect(scores.penalize('p', 'spam', 'two')).toEqual({
      peer: 'p',
      until: clock.now + DAY,
      reason: 'spam: two',
      score: 100,
    })
    expect(scores.isBanned('p')).toBe(true)
    expect(changes()).toBe(1)
    // Further penalties while banned change nothing.
    expect(scores.penalize('p', 'spam', 'three')).toBeUndefined()
    expect(scores.bans()).toEqual([{ peer: 'p', until: clock.now + DAY, reason: 'spam: two' }])
    expect(changes()).toBe(1)
  })

  it('a score that decays in time does not add up to a ban', () => {
    const { scores, clock } = setup()
    for (let i = 0; i < 5; i++) {
      scores.penalize('p', 'protocol_violation', 'x')
      clock.now += 20 * MINUTE
    }
    expect(scores.isBanned('p')).toBe(false)
  })

  it('lifts the ban when it expires, and the peer starts again from zero', () => {
    const { scores, clock, changes } = setup()
    scores.penalize('p', 'spam', 'x')
    scores.penalize('p', 'spam', 'x')
    clock.now += DAY - 1
    expect(scores.isBanned('p')).toBe(true)
    clock.now += 1
    expect(scores.isBanned('p')).toBe(false)
    expect(scores.bans()).toEqual([])
    expect(scores.score('p')).toBe(0)
    // An expiry is not written: loading leaves expired bans out anyway.
    expect(changes()).toBe(1)
  })

  it('takes its numbers from the options', () => {
    const { scores, clock } = setup({
      threshold: 30,
      durationMs: MINUTE,
      decayPerMinute: 0,
      offenceScores: { invalid_message: 15, protocol_violation: 0, spam: 1 },
    })
    scores.penalize('p', 'protocol_violation', 'x')
    expect(scores.trackedCount).toBe(0)
    scores.penalize('p', 'invalid_message', 'x')
    clock.now += 1000 * MINUTE
    expect(scores.score('p')).toBe(15)
    expect(scores.penalize('p', 'invalid_message', 'x')?.until).toBe(clock.now + MINUTE)
  })

  it('keeps at most maxTrackedPeers scores, forgetting the lowest first, but keeps every ban', () => {
    const { scores } = setup({ maxTrackedPeers: 3 })
    scores.penalize('low', 'invalid_message', 'x')
    scores.penalize('mid', 'protocol_violation', 'x')
    scores.penalize('high', 'spam', 'x')
    scores.penalize('new', 'spam', 'x')
    expect(scores.trackedCount).toBe(3)
    expect(scores.score('low')).toBe(0)
    expect(scores.score('mid')).toBe(20)
    for (let i = 0; i < 10; i++) {
      scores.penalize(`banned-${i}`, 'spam', 'x')
      scores.penalize(`banned-${i}`, 'spam', 'x')
    }
    expect(scores.trackedCount).toBeLessThanOrEqual(3)
    expect(scores.bans()).toHaveLength(10)
    expect(scores.isBanned('banned-0')).toBe(true)
  })

  it('forgets scores that decayed to zero before any that still count', () => {
    const { scores, clock } = setup({ maxTrackedPeers: 2 })
    scores.penalize('old', 'spam', 'x')
    clock.now += 60 * MINUTE
    scores.penalize('recent', 'invalid_message', 'x')
    scores.penalize('new', 'invalid_message', 'x')
    expect(scores.score('recent')).toBe(10)
    expect(scores.score('new')).toBe(10)
    expect(scores.trackedCount).toBe(2)
  })

  it('restores bans from an earlier run, skipping expired ones and keeping the later of two', () => {
    const { scores, clock } = setup()
    scores.penalize('a', 'spam', 'x')
    scores.penalize('a', 'spam', 'x')
    const restored = scores.restore([
      { peer: 'a', until: clock.now + 10, reason: 'older' },
      { peer: 'b', until: clock.now + MINUTE, reason: 'kept' },
      { peer: 'c', until: clock.now, reason: 'expired' },
    ])
    expect(restored).toBe(1)
    expect(scores.bans().map((ban) => ban.reason)).toEqual(['kept', 'spam: x'])
    expect(scores.isBanned('c')).toBe(false)
  })

  it('bounds the stored reason', () => {
    const { scores } = setup({ threshold: 10 })
    const ban = scores.penalize('p', 'invalid_message', 'x'.repeat(10_000))
    expect(ban?.reason.length).toBe(256)
  })

  it('holds at most maxBans: the oldest goes first (restored ones by expiry), and evictions are counted', () => {
    const { scores, clock } = setup({ threshold: 10, maxBans: 3 })
    scores.restore([
      { peer: 'late', until: clock.now + 2 * DAY, reason: 'r' },
      { peer: 'early', until: clock.now + MINUTE, reason: 'r' },
    ])
    for (const peer of ['p1', 'p2', 'p3']) {
      scores.penalize(peer, 'invalid_message', 'x')
      clock.now += 1
    }
    expect(scores.banCount).toBe(3)
    expect(scores.evictions).toBe(2)
    expect(scores.isBanned('early')).toBe(false)
    expect(scores.isBanned('late')).toBe(false)
    expect(scores.bans().map((ban) => ban.peer)).toEqual(['p1', 'p2', 'p3'])
  })

  it('evicts in constant time: 50,000 bans at a cap of 1,000 stay at 1,000', () => {
    const { scores } = setup({ threshold: 10, maxBans: 1_000 })
    for (let i = 0; i < 50_000; i++) scores.penalize(`peer-${i}`, 'invalid_message', 'x')
    expect(scores.banCount).toBe(1_000)
    expect(scores.evictions).toBe(49_000)
    expect(scores.isBanned('peer-49999')).toBe(true)
    expect(scores.isBanned('peer-48999')).toBe(false)
  })
})
