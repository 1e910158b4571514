import {
  type Clock,
  type ErrorCode,
  type Logger,
  LogLimiter,
  type Offence,
  type PeerId,
  type PeerReputation,
  type TopicKind,
  toP2PError,
  verdictForError,
} from '@p2p/domain'

/** Kinds whose payload is an announcement to act on; a bad one is an invalid message. */
const ANNOUNCEMENTS: ReadonlySet<TopicKind> = new Set<TopicKind>(['block', 'subtree', 'miningOn'])

/**
 * The offence a refused gossip message counts as, or none. Only what the sender is at fault for
 * (a REJECT) costs standing: lying about its author is a protocol violation, a malformed
 * announcement an invalid message, a malformed best-block request or rejected-tx notice a
 * protocol violation (neither carries anything to validate). Our trouble never counts.
 */
export function offenceForGossip(kind: TopicKind, code: ErrorCode): Offence | undefined {
  if (code === 'repeated') return 'spam'
  if (verdictForError(code) !== 'reject') return undefined
  if (code === 'peer_id_mismatch') return 'protocol_violation'
  return ANNOUNCEMENTS.has(kind) ? 'invalid_message' : 'protocol_violation'
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
