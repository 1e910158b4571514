import type { Clock, PeerId } from '@p2p/domain'
import { type RateLimit, TokenBucket } from './token-bucket.js'

export interface PeerRateLimit extends RateLimit {
  /** Messages over the limit, with no quiet spell between them, before the peer is reported as spam. */
  readonly spamAfter: number
}

/** `spam`: over the limit, and it has gone on long enough to be reported (the count starts again). */
export type Admission = 'admitted' | 'limited' | 'spam'

export interface PeerRateLimiterDeps {
  readonly clock: Clock
}

export interface PeerRateLimiterOptions extends PeerRateLimit {
  /** Peers tracked at once; past it the least recently heard is forgotten. */
  readonly maxPeers: number
}

interface Tracked {
  readonly bucket: TokenBucket
  excess: number
}

/**
 * A token bucket per peer, for as many peers as `maxPeers`; the least recently heard is
 * forgotten first, so a swarm of fresh identities costs bounded memory (a forgotten peer starts
 * again with a full bucket, which is the price of the bound). One message over the limit is
 * an honest burst as often as not, so excess is only reported as spam once it has gone on for
 * `spamAfter` messages without the peer falling quiet long enough to refill its bucket.
 */
export class PeerRateLimiter {
  private readonly peers = new Map<PeerId, Tracked>()

  private readonly clock: Clock
  private readonly options: PeerRateLimiterOptions

  constructor(deps: PeerRateLimiterDeps, options: PeerRateLimiterOptions) {
    this.clock = deps.clock
    this.options = options
  }

  get trackedPeers(): number {
    return this.peers.size
  }

  admit(peer: PeerId): Admission {
    const now = this.clock.now()
    const tracked = this.touch(peer, now)
    if (tracked.bucket.isFull(now)) tracked.excess = 0
    if (tracked.bucket.take(now)) return 'admitted'
    tracked.excess++
    if (tracked.excess < this.options.spamAfter) return 'limited'
    tracked.excess = 0
    return 'spam'
  }

  private touch(peer: PeerId, now: number): Tracked {
    const known = this.peers.get(peer)
    if (known !== undefined) {
      // Re-inserting moves the peer to the young end of the Map's insertion order.
      this.peers.delete(peer)
      this.peers.set(peer, known)
      return known
    }
    const tracked: Tracked = { bucket: new TokenBucket(this.options, now), excess: 0 }
    this.peers.set(peer, tracked)
    if (this.peers.size > this.options.maxPeers) {
      const oldest = this.peers.keys().next()
      if (!oldest.done) this.peers.delete(oldest.value)
    }
    return tracked
  }
}
