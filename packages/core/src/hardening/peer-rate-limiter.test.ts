import { FakeClock } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { type Admission, PeerRateLimiter } from './peer-rate-limiter.js'

const admitTimes = (limiter: PeerRateLimiter, peer: string, times: number): Admission[] =>
  Array.from({ length: times }, () => limiter.admit(peer))

describe('PeerRateLimiter', () => {
  it('limits each peer on its own', () => {
    const clock = new FakeClock()
    const limiter = new PeerRateLimiter({ clock }, { perSecond: 1, burst: 2, spamAfter: 100, maxPeers: 10 })
    expect(admitTimes(limiter, 'a', 3)).toEqual(['admitted', 'admitted', 'limited'])
    expect(admitTimes(limiter, 'b', 2)).toEqual(['admitted', 'admitted'])
    clock.advance(1000)
    expect(admitTimes(limiter, 'a', 2)).toEqual(['admitted', 'limited'])
  })

  it('reports spam only after a sustained excess, and then only every so often', () => {
    const clock = new FakeClock()
    const limiter = new PeerRateLimiter({ clock }, { perSecond: 1, burst: 1, spamAfter: 3, maxPeers: 10 })
    expect(admitTimes(limiter, 'a', 8)).toEqual([
      'admitted',
      'limited',
      'limited',
      'spam',
      'limited',
      'limited',
      'spam',
      'limited',
    ])
  })

  it('counts the excess across admitted messages while the peer keeps up the pressure', () => {
    const clock = new FakeClock()
    const limiter = new PeerRateLimiter({ clock }, { perSecond: 1, burst: 2, spamAfter: 3, maxPeers: 10 })
    const seen: Admission[] = []
    // Twice the rate: one message in two is over, and the bucket never refills in between.
    for (let i = 0; i < 12; i++) {
      seen.push(limiter.admit('a'))
      clock.advance(500)
    }
    expect(seen.filter((a) => a === 'spam')).toHaveLength(1)
    expect(seen.filter((a) => a === 'admitted').length).toBeGreaterThanOrEqual(7)
  })

  it('forgives the excess once the peer falls quiet long enough to refill', () => {
    const clock = new FakeClock()
    const limiter = new PeerRateLimiter({ clock }, { perSecond: 1, burst: 1, spamAfter: 3, maxPeers: 10 })
    expect(admitTimes(limiter, 'a', 3)).toEqual(['admitted', 'limited', 'limited'])
    clock.advance(1000)
    expect(admitTimes(limiter, 'a', 3)).toEqual(['admitted', 'limited', 'limited'])
  })

  it('tracks at most maxPeers, forgetting the least recently heard', () => {
    const clock = new FakeClock()
    const limiter = new PeerRateLimiter({ clock }, { perSecond: 1, burst: 1, spamAfter: 100, maxPeers: 2 })
    limiter.admit('a')
    limiter.admit('b')
    // Hearing from a again makes b the least recent.
    expect(limiter.admit('a')).toBe('limited')
    limiter.admit('c')
    expect(limiter.trackedPeers).toBe(2)
    // a was kept (still limited); b was forgotten and starts again with a full bucket.
    expect(limiter.admit('a')).toBe('limited')
    expect(limiter.admit('b')).toBe('admitted')
    expect(limiter.trackedPeers).toBe(2)
  })

  it('stays bounded under a swarm of fresh identities', () => {
    const limiter = new PeerRateLimiter(
      { clock: new FakeClock() },
      { perSecond: 1, burst: 1, spamAfter: 1, maxPeers: 100 },
    )
    for (let i = 0; i < 10_000; i++) limiter.admit(`peer-${i}`)
    expect(limiter.trackedPeers).toBe(100)
  })
})
