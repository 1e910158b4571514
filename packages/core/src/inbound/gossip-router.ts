import {
  type Clock,
  decodeTopicMessage,
  type GossipVerdict,
  type HandoffKind,
  type InboundGossip,
  isNotifiableKind,
  type Logger,
  type Notification,
  type NotificationSink,
  notificationFromMessage,
  P2PError,
  type P2PMetrics,
  type PeerId,
  type TopicKind,
  type TopicMessages,
  toP2PError,
  verdictForError,
} from '@p2p/domain'
import type { BestBlockResponder } from '../best-block/best-block-responder.js'
import type { InputGuard } from '../input-guard.js'
import { LogLimiter } from '../log-limiter.js'
import type { Handoff } from './handoff.js'

export interface GossipRouterDeps {
  readonly selfId: PeerId
  readonly guard: InputGuard
  readonly metrics: P2PMetrics
  readonly clock: Clock
  readonly sink: NotificationSink
  readonly handoff: Handoff
  readonly responder: BestBlockResponder
  readonly logger: Logger
}

interface Received<K extends TopicKind> {
  readonly message: TopicMessages[K]
  readonly from: PeerId
  /** We published it ourselves (gossip delivers our own messages back to us). */
  readonly own: boolean
}

/** What happens to a valid message of each kind, beyond notifying websocket clients. */
type Actions = { readonly [K in TopicKind]: (received: Received<K>) => P2PError | undefined }

/**
 * Judges every gossip message (decode, then the author must be the peer the payload names) and
 * acts on the accepted ones: notify websocket clients of everything, ours included; hand blocks
 * and subtrees from other peers to block validation; answer other peers' best-block requests.
 */
export class GossipRouter {
  private readonly actions: Actions
  private readonly sinkErrors: LogLimiter

  constructor(private readonly deps: GossipRouterDeps) {
    this.sinkErrors = new LogLimiter(deps.clock, 10_000)
    // Blocks and subtrees from other peers go to block validation; ours are already validated.
    const handOff =
      (kind: HandoffKind) =>
      ({ message, from, own }: Received<HandoffKind>): P2PError | undefined => {
        if (message.dataHubUrl === '') {
          return new P2PError('missing_data_hub_url', 'announcement has no data hub URL')
        }
        if (!own) {
          deps.handoff.push(kind, { hash: message.hash, baseUrl: message.dataHubUrl, peerId: from })
        }
        return undefined
      }
    this.actions = {
      bestBlock: ({ from, own }) => {
        if (!own) deps.responder.request(from)
        return undefined
      },
      block: handOff('block'),
      subtree: handOff('subtree'),
      miningOn: () => undefined,
      rejectedTx: () => undefined,
    }
  }

  handle(gossip: InboundGossip): GossipVerdict {
    const { kind, from, data } = gossip
    this.deps.metrics.messageReceived(kind, data.byteLength)
    const decoded = decodeTopicMessage(kind, data)
    if (!decoded.ok) return this.refuse(kind, decoded.error, from)
    const message = decoded.value.message
    if (message.peerId !== '' && message.peerId !== from) {
      return this.refuse(
        kind,
        new P2PError('peer_id_mismatch', 'payload names a peer other than its author', {
          context: { claimed: message.peerId },
        }),
        from,
      )
    }
    const act = this.actions[kind] as (received: Received<TopicKind>) => P2PError | undefined
    const problem = act({ message, from, own: from === this.deps.selfId })
    if (problem) return this.refuse(kind, problem, from)
    if (isNotifiableKind(kind))
      this.notify(notificationFromMessage(kind, message as never, this.deps.clock.now()))
    this.deps.metrics.gossipVerdict(kind, 'accept')
    return 'accept'
  }

  /** A sink must not throw; if one does, the message is still judged and relayed, and we say so. */
  private notify(notification: Notification): void {
    try {
      this.deps.sink.notify(notification)
      this.deps.metrics.notified(notification.type)
    } catch (error) {
      const held = this.sinkErrors.admit()
      const context = { type: notification.type, reason: toP2PError(error).message }
      if (held === undefined) this.deps.logger.debug('notification sink threw', context)
      else this.deps.logger.error('notification sink threw', { ...context, alsoFailed: held })
    }
  }

  private refuse(kind: TopicKind, error: P2PError, from: PeerId): GossipVerdict {
    this.deps.guard.refused(kind, error, { from })
    const verdict = verdictForError(error.code)
    this.deps.metrics.gossipVerdict(kind, verdict)
    return verdict
  }
}
