import { ERROR_CODES, type PeerReputation, verdictForError } from '@p2p/domain'
import { FakeClock, MemoryLogger, MemoryPeerReputation } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { offenceForGossip, PeerStanding } from './peer-standing.js'

describe('offenceForGossip', () => {
  it('counts only what the sender is at fault for: a REJECT, or one announcement repeated past the limit', () => {
    for (const code of ERROR_CODES) {
      const offence = offenceForGossip(code)
      expect(offence !== undefined).toBe(verdictForError(code) === 'reject' || code === 'repeated')
    }
    // IGNOREd, so gossipsub does not score it twice; the ban score is the reference's +50.
    expect(verdictForError('repeated')).toBe('ignore')
    expect(offenceForGossip('repeated')).toBe('spam')
  })

  it('makes every REJECT a protocol violation (+20), as the reference scores a spoofed author and a bad field alike', () => {
    for (const code of ERROR_CODES) {
      if (verdictForError(code) === 'reject') expect(offenceForGossip(code)).toBe('protocol_violation')
    }
    for (const code of ['peer_id_mismatch', 'invalid_json', 'invalid_field', 'forbidden_url'] as const)
      expect(offenceForGossip(code)).toBe('protocol_violation')
  })
})

describe('PeerStanding', () => {
  const clock = new FakeClock()

  it('never asks about or penalizes ourselves', () => {
    const reputation = new MemoryPeerReputation()
    reputation.ban('self')
    const standing = new PeerStanding({ selfId: 'self', reputation, logger: new MemoryLogger(), clock })
    standing.penalize('self', 'spam', 'x')
    expect(standing.isBanned('self')).toBe(false)
    expect(reputation.penalties).toEqual([])
  })

  it('survives an adapter that throws, and says so at error at most once per interval', () => {
    const broken: PeerReputation = {
      penalize: () => {
        throw new Error('store down')
      },
      isBanned: () => {
        throw new Error('store down')
      },
    }
    const logger = new MemoryLogger()
    const standing = new PeerStanding({ selfId: 'self', reputation: broken, logger, clock: new FakeClock() })
    for (let i = 0; i < 5; i++) {
      standing.penalize('a', 'spam', 'x')
      expect(standing.isBanned('a')).toBe(false)
    }
    expect(logger.filter('error', 'peer reputation threw')).toHaveLength(1)
    expect(logger.filter('debug', 'peer reputation threw')).toHaveLength(9)
  })
})
