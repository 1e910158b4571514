import type { ErrorCode } from '../errors/error-codes.js'
import type { GossipVerdict } from '../gossip/verdict.js'
import type { NotificationType } from '../notifications/notification.js'
import type { TopicKind } from '../topics/topic-kind.js'

/** Where an input came from, for counting what was refused. */
export type InputSource = TopicKind | 'direct' | 'chain' | 'rejectedTxSource'

export type HandoffKind = 'block' | 'subtree'
export type HandoffOutcome = 'ok' | 'failed' | 'dropped'
export type DirectReplyOutcome = 'ok' | 'failed' | 'dropped'

/**
 * What the core counts, in its own terms; a metrics adapter (Prometheus, or the in-memory one)
 * decides names and buckets. Every method is cheap and never throws.
 */
export interface P2PMetrics {
  messageReceived(kind: TopicKind, bytes: number): void
  messagePublished(kind: TopicKind): void
  publishFailed(kind: TopicKind, code: ErrorCode): void
  gossipVerdict(kind: TopicKind, verdict: GossipVerdict): void
  inputRejected(source: InputSource, code: ErrorCode): void
  handoff(kind: HandoffKind, outcome: HandoffOutcome, seconds: number): void
  notified(type: NotificationType): void
  directReplySent(outcome: DirectReplyOutcome): void
}
