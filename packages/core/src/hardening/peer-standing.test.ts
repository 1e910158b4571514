import { ERROR_CODES, type PeerReputation, TOPIC_KINDS, verdictForError } from '@p2p/domain'
import { FakeClock, MemoryLogger, MemoryPeerReputation } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { offenceForGossip, PeerStanding } from './peer-standing.js'

describe('offenceForGossip', () => {
  it('counts only what the sender is at fault for: a REJECT, or one announcement repeated past the limit', () => {
    for (const kind of TOPIC_KINDS) {
      for (const code of ERROR_CODES) {
        const offence = offenceForGossip(kind, code)
        expect(offence !== undefined).toBe(verdictForError(code) === 'reject' || code === 'repeated')
      }
      // IGNOREd, so gossipsub does not score it twice; the ban score is the reference's +50.
      expect(verdictForError('repeated')).toBe('ignore')
      expect(offenceForGossip(kind, 'repeated')).toBe('spam')
    }
  })

  it('makes a spoofed author a protocol violation, whatever the topic', () => {
    for (const kind of TOPIC_KINDS)
      expect(offenceForGossip(kind, 'peer_id_mismatch')).toBe('protocol_violation')
  })

  it('makes a bad announcement an invalid message, a bad request or notice a protocol violation', () => {
    for (const kind of ['block', 'subtree', 'miningOn'] as const) {
      expect(offenceForGossip(kind, 'invalid_json')).toBe('invalid_message')
      expect(offenceForGossip(kind, 'forbidden_url')).toBe('invalid_message')
    }
    for (const kind of ['bestBlock', 'rejectedTx'] as const) {
      expect(offenceForGossip(kind, 'invalid_field')).toBe('protocol_violation')
    }
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
