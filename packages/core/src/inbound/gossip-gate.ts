import type { P2PError, PeerId, TopicKind } from '@p2p/domain'
import type { PeerRateLimiter } from '../hardening/peer-rate-limiter.js'
import type { PeerStanding } from '../hardening/peer-standing.js'
import { BANNED, GOSSIP_RATE_LIMITED } from '../hardening/refusals.js'

/**
 * What stops another peer's gossip before any work is spent on it: a banned author, or one over
 * its rate for the topic. Both are IGNOREd (the message itself may be fine); a rate kept up for
 * long is reported as spam.
 */
export class GossipGate {
  constructor(
    private readonly deps: {
      readonly standing: PeerStanding
      readonly limits: Readonly<Record<TopicKind, PeerRateLimiter>>
    },
  ) {}

  check(kind: TopicKind, from: PeerId): P2PError | undefined {
    if (this.deps.standing.isBanned(from)) return BANNED
    const admission = this.deps.limits[kind].admit(from)
    if (admission === 'admitted') return undefined
    if (admission === 'spam') this.deps.standing.penalize(from, 'spam', `${kind} gossip over the rate limit`)
    return GOSSIP_RATE_LIMITED
  }
}
