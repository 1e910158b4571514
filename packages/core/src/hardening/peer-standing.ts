import {
  type Clock,
  type ErrorCode,
  type Logger,
  LogLimiter,
  type Offence,
  type PeerId,
  type PeerReputation,
  toP2PError,
  verdictForError,
} from '@p2p/domain'

/**
 * The offence a refused gossip message counts as, or none. Only what the sender is at fault for
 * (a REJECT) costs standing, and as the reference counts it (`teranode-wire.md` §11): a lie about
 * its author, a field out of format or a URL we may not fetch is a protocol violation (+20),
 * whatever the topic; one hash sent again and again is spam (+50). Our trouble never counts.
 * The gentler `invalid_message` (+10) is the reference's weight for a block that block validation
 * found invalid, which our hand-off cannot tell: `BlockFound` only queues.
 */
export function offenceForGossip(code: ErrorCode): Offence | undefined {
  if (code === 'repeated') return 'spam'
  return verdictForError(code) === 'reject' ? 'protocol_violation' : undefined
}

export interface PeerStandingDeps {
  readonly selfId: PeerId
  readonly reputation: PeerReputation
  readonly logger: Logger
  readonly clock: Clock
}

/**
 * The core's side of PeerReputation: never asks about or penalizes ourselves, and keeps a broken
 * adapter from turning a verdict into an exception.
 */
export class PeerStanding {
  private readonly errors: LogLimiter

  constructor(private readonly deps: PeerStandingDeps) {
    this.errors = new LogLimiter({ clock: deps.clock }, { intervalMs: 10_000 })
  }

  isBanned(peer: PeerId): boolean {
    const { reputation, selfId } = this.deps
    if (peer === selfId) return false
    try {
      return reputation.isBanned(peer)
    } catch (error) {
      this.broken('isBanned', error)
      return false
    }
  }

  penalize(peer: PeerId, offence: Offence, detail: string): void {
    const { reputation, selfId, logger } = this.deps
    if (peer === selfId) return
    try {
      reputation.penalize(peer, offence, detail)
      logger.debug('peer penalized', { peer, offence, detail })
    } catch (error) {
      this.broken('penalize', error)
    }
  }

  /** Called per message, so a broken adapter reaches error at most once per interval. */
  private broken(call: string, error: unknown): void {
    const context = { call, reason: toP2PError(error).message }
    const held = this.errors.admit()
    if (held === undefined) this.deps.logger.debug('peer reputation threw', context)
    else this.deps.logger.error('peer reputation threw', { ...context, alsoFailed: held })
  }
}
