import { BAN_DURATION_MS, FakeClock, MemoryPeerReputation } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { describePeerReputationCompliance } from '../compliance/peer-reputation-compliance.js'
import { aPeerId } from '../mothers/identity-mothers.js'

describePeerReputationCompliance('MemoryPeerReputation', async () => {
  const clock = new FakeClock()
  return {
    reputation: new MemoryPeerReputation({ clock }),
    advance: async (ms) => clock.advance(ms),
    cleanup: async () => {},
  }
})

describePeerReputationCompliance('MemoryPeerReputation without a clock to move', async () => ({
  reputation: new MemoryPeerReputation(),
  cleanup: async () => {},
}))

// A bounded penalty log must not change the schedule.
describePeerReputationCompliance('MemoryPeerReputation keeping no penalties', async () => {
  const clock = new FakeClock()
  return {
    reputation: new MemoryPeerReputation({ clock }, { penaltyLogLimit: 0 }),
    advance: async (ms) => clock.advance(ms),
    cleanup: async () => {},
  }
})

describe('MemoryPeerReputation', () => {
  it('records every penalty, banned peers’ included, and says who got what', () => {
    const reputation = new MemoryPeerReputation()
    const [a, b] = [aPeerId(), aPeerId()]
    reputation.penalize(a, 'spam', 'flood')
    reputation.penalize(a, 'spam', 'flood')
    reputation.penalize(a, 'invalid_message', 'after the ban')
    reputation.penalize(b, 'protocol_violation', 'spoofed author')
    expect(reputation.penalties).toHaveLength(4)
    expect(reputation.penaltiesOf(a, 'spam').map((p) => p.detail)).toEqual(['flood', 'flood'])
    expect(reputation.penaltiesOf(b)).toEqual([
      { peer: b, offence: 'protocol_violation', detail: 'spoofed author' },
    ])
    // A banned peer's score starts again at zero and does not grow while the ban lasts.
    expect(reputation.scoreOf(a)).toBe(0)
    expect(reputation.scoreOf(b)).toBe(20)
  })

  it('bans and unbans by hand, for staging', () => {
    const clock = new FakeClock()
    const reputation = new MemoryPeerReputation({ clock })
    const peer = aPeerId()
    reputation.ban(peer, 1000)
    expect(reputation.isBanned(peer)).toBe(true)
    clock.advance(1000)
    expect(reputation.isBanned(peer)).toBe(false)
    reputation.ban(peer)
    reputation.unban(peer)
    expect(reputation.isBanned(peer)).toBe(false)
  })

  it('bans nobody on its own with an infinite banThreshold, and still bans by hand, for good if asked', () => {
    const clock = new FakeClock()
    const reputation = new MemoryPeerReputation({ clock }, { banThreshold: Number.POSITIVE_INFINITY })
    const [flooder, banned] = [aPeerId(), aPeerId()]
    for (let i = 0; i < 1000; i++) reputation.penalize(flooder, 'spam', 'flood')
    expect(reputation.isBanned(flooder)).toBe(false)
    reputation.ban(banned, Number.POSITIVE_INFINITY)
    clock.advance(365 * BAN_DURATION_MS)
    expect(reputation.isBanned(banned)).toBe(true)
  })

  it('bans at a lower banThreshold when given one', () => {
    const reputation = new MemoryPeerReputation({}, { banThreshold: 20 })
    const peer = aPeerId()
    reputation.penalize(peer, 'invalid_message', 'one')
    expect(reputation.isBanned(peer)).toBe(false)
    reputation.penalize(peer, 'invalid_message', 'two')
    expect(reputation.isBanned(peer)).toBe(true)
  })

  it('keeps the newest penaltyLogLimit penalties and counts every one by offence', () => {
    const reputation = new MemoryPeerReputation({}, { penaltyLogLimit: 1 })
    const peer = aPeerId()
    reputation.penalize(peer, 'spam', 'first')
    reputation.penalize(peer, 'spam', 'second')
    reputation.penalize(peer, 'invalid_message', 'third, while banned')
    expect(reputation.penalties).toEqual([
      { peer, offence: 'invalid_message', detail: 'third, while banned' },
    ])
    expect(reputation.penaltyCount('spam')).toBe(2)
    expect(reputation.penaltyCount('protocol_violation')).toBe(0)
    expect(reputation.penaltyCount()).toBe(3)
  })

  it('refuses a banThreshold or penaltyLogLimit out of range with invalid_config', () => {
    const wrong = [
      { banThreshold: 0 },
      { banThreshold: Number.NaN },
      { penaltyLogLimit: -1 },
      { penaltyLogLimit: 1.5 },
    ]
    for (const options of wrong) {
      expect(() => new MemoryPeerReputation({}, options)).toThrow(
        expect.objectContaining({ code: 'invalid_config' }),
      )
    }
  })
})
