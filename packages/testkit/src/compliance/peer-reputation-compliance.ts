import { OFFENCES, type Offence, type PeerReputation } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { aPeerId } from '../mothers/identity-mothers.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** A PeerReputation under test, starting with nobody penalized. */
export interface PeerReputationHarness extends Cleanup {
  readonly reputation: PeerReputation
  /**
   * Lets `ms` of the adapter's time pass (moves its fake clock). Without it, the tests of decay
   * and ban expiry are skipped.
   */
  readonly advance?: (ms: number) => Promise<void>
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/**
 * The PeerReputation contract, on the reference's schedule the port documents: invalid message
 * +10, protocol violation +20, spam +50, banned at 100; the score decays a point a minute and a
 * ban lasts 24 h.
 */
export function describePeerReputationCompliance(name: string, setup: () => Promise<PeerReputationHarness>) {
  describe(`${name} (PeerReputation compliance)`, () => {
    const harness = useHarness(setup)
    const penalize = (peer: string, offence: Offence, times: number) => {
      for (let i = 0; i < times; i++) harness().reputation.penalize(peer, offence, `test ${i}`)
    }

    it('bans nobody it has not heard of', () => {
      expect(harness().reputation.isBanned(aPeerId())).toBe(false)
    })

    it('never throws, whatever the peer id or detail', () => {
      const { reputation } = harness()
      for (const peer of ['', aPeerId(), 'not a peer id', '\u0000', 'x'.repeat(10_000)]) {
        for (const offence of OFFENCES) {
          expect(() => reputation.penalize(peer, offence, '')).not.toThrow()
          expect(() => reputation.penalize(peer, offence, '\u{1f600}'.repeat(5000))).not.toThrow()
        }
        expect(typeof reputation.isBanned(peer)).toBe('boolean')
      }
    })

    it.each<readonly [Offence, number]>([
      ['invalid_message', 10],
      ['protocol_violation', 5],
      ['spam', 2],
    ])('bans after enough %s (%i), not one before', (offence, times) => {
      const peer = aPeerId()
      penalize(peer, offence, times - 1)
      expect(harness().reputation.isBanned(peer)).toBe(false)
      penalize(peer, offence, 1)
      expect(harness().reputation.isBanned(peer)).toBe(true)
    })

    it('adds offences of different kinds up', () => {
      const peer = aPeerId()
      penalize(peer, 'spam', 1)
      penalize(peer, 'protocol_violation', 2)
      expect(harness().reputation.isBanned(peer)).toBe(false)
      penalize(peer, 'invalid_message', 1)
      expect(harness().reputation.isBanned(peer)).toBe(true)
    })

    it('keeps one peer’s offences off another’s record', () => {
      const [bad, good] = [aPeerId(), aPeerId()]
      penalize(bad, 'spam', 2)
      penalize(good, 'spam', 1)
      expect(harness().reputation.isBanned(bad)).toBe(true)
      expect(harness().reputation.isBanned(good)).toBe(false)
    })

    it('lets the score decay a point a minute', async () => {
      const { advance } = harness()
      if (advance === undefined) return
      const peer = aPeerId()
      penalize(peer, 'invalid_message', 9)
      await advance(20 * MINUTE)
      // 90 - 20 + 20 = 90: not banned; without decay it would be 110.
      penalize(peer, 'invalid_message', 2)
      expect(harness().reputation.isBanned(peer)).toBe(false)
      penalize(peer, 'invalid_message', 1)
      expect(harness().reputation.isBanned(peer)).toBe(true)
    })

    it('lifts a ban after 24 hours', async () => {
      const { advance, reputation } = harness()
      if (advance === undefined) return
      const peer = aPeerId()
      penalize(peer, 'spam', 2)
      await advance(DAY - MINUTE)
      expect(reputation.isBanned(peer)).toBe(true)
      await advance(2 * MINUTE)
      expect(reputation.isBanned(peer)).toBe(false)
    })
  })
}
