import type { LoadGauge, P2PError, PeerId, TopicKind } from '@p2p/domain'
import type { PeerRateLimiter } from '../hardening/peer-rate-limiter.js'
import type { PeerStanding } from '../hardening/peer-standing.js'
import { BANNED, GOSSIP_RATE_LIMITED, OVERLOADED } from '../hardening/refusals.js'
import type { AfterVerdict } from './after-verdict.js'

export interface GossipGateDeps {
  readonly standing: PeerStanding
  /** Where a spam report waits until the verdict is out. */
  readonly effects: AfterVerdict
  readonly limits: Readonly<Record<TopicKind, PeerRateLimiter>>
  readonly load: LoadGauge
  /** The kinds that may be shed, each with its per-author rate while overloaded. */
  readonly overloadLimits: Readonly<Partial<Record<TopicKind, PeerRateLimiter>>>
}

/**
 * What stops another peer's gossip before any work is spent on it: a banned author, one over
 * its rate for the topic, or, while this node is overloaded, one over its overload rate for
 * gossip we can afford to lose. All are IGNOREd (the message itself may be fine); only a normal
 * rate kept up for long is reported as spam: our overload is not the sender's fault.
 */
export class GossipGate {
  constructor(private readonly deps: GossipGateDeps) {}

  check(kind: TopicKind, from: PeerId): P2PError | undefined {
    if (this.deps.standing.isBanned(from)) return BANNED
    const admission = this.deps.limits[kind].admit(from)
    if (admission === 'spam') {
      this.deps.effects.push({
        type: 'penalize',
        peer: from,
        offence: 'spam',
        detail: `${kind} gossip over the rate limit`,
      })
    }
    if (admission !== 'admitted') return GOSSIP_RATE_LIMITED
    // The overload bucket is only drawn from while overloaded, so each episode starts with a full burst.
    const shedding = this.deps.overloadLimits[kind]
    if (shedding !== undefined && this.deps.load.overloaded() && shedding.admit(from) !== 'admitted')
      return OVERLOADED
    return undefined
  }
}
