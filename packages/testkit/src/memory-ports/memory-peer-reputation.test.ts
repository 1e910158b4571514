import { FakeClock, MemoryPeerReputation } from '@p2p/memory-ports'
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
})
