import {
  type Clock,
  decodeTopicMessage,
  type GossipVerdict,
  type HandoffKind,
  type Hash,
  type InboundGossip,
  type Logger,
  LogLimiter,
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
import type { PeerRateLimiter } from '../hardening/peer-rate-limiter.js'
import { offenceForGossip, type PeerStanding } from '../hardening/peer-standing.js'
import { REPLAY, REQUEST_RATE_LIMITED, refuseDataHubUrl } from '../hardening/refusals.js'
import { type AnnouncedKind, ReplayGuard } from '../hardening/replay-guard.js'
import type { InputGuard } from '../input-guard.js'
import type { GossipGate } from './gossip-gate.js'
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
  readonly gate: GossipGate
  readonly standing: PeerStanding
  readonly replay: ReplayGuard
  /** Best-block requests answered per peer. */
  readonly requests: PeerRateLimiter
  readonly allowPrivateDataHubUrls: boolean
}

/** What identifies an announcement (the hash replays are keyed on) and where it can be fetched. */
const ANNOUNCED: { readonly [K in AnnouncedKind]: (m: TopicMessages[K]) => { hash: Hash; url: string } } = {
  block: (m) => ({ hash: m.hash, url: m.dataHubUrl }),
  subtree: (m) => ({ hash: m.hash, url: m.dataHubUrl }),
  miningOn: (m) => ({ hash: m.hash, url: m.dataHubUrl }),
  rejectedTx: (m) => ({ hash: m.txId, url: '' }),
}

/** Which announcements go to block validation (when they come from another peer). */
const HANDOFF_KIND: Readonly<Record<AnnouncedKind, HandoffKind | undefined>> = {
  block: 'block',
  subtree: 'subtree',
  miningOn: undefined,
  rejectedTx: undefined,
}

const MISSING_URL = new P2PError('missing_data_hub_url', 'announcement has no data hub URL')

/**
 * Judges every gossip message and acts on the accepted ones. Another peer's message passes the
 * gate (not banned, within its rate), decodes, names its author (or nobody), and carries a data
 * hub URL we may fetch from; then it is acted on once: blocks and subtrees from other peers go
 * to block validation, everything (ours included) is notified, best-block requests are answered
 * within the requester's rate. What the sender is at fault for is reported to its reputation.
 */
export class GossipRouter {
  private readonly sinkErrors: LogLimiter

  constructor(private readonly deps: GossipRouterDeps) {
    this.sinkErrors = new LogLimiter(deps.clock, 10_000)
  }

  handle(gossip: InboundGossip): GossipVerdict {
    const { kind, from, data } = gossip
    this.deps.metrics.messageReceived(kind, data.byteLength)
    const own = from === this.deps.selfId
    if (!own) {
      const stopped = this.deps.gate.check(kind, from)
      if (stopped) return this.refuse(kind, stopped, from)
    }
    const decoded = decodeTopicMessage(kind, data)
    if (!decoded.ok) return this.refuse(kind, decoded.error, from)
    const { message } = decoded.value
    if (message.peerId !== '' && message.peerId !== from) {
      return this.refuse(
        kind,
        new P2PError('peer_id_mismatch', 'payload names a peer other than its author', {
          context: { claimed: message.peerId },
        }),
        from,
      )
    }
    const problem =
      decoded.value.kind === 'bestBlock'
        ? this.bestBlockRequest(from, own)
        : this.announced(decoded.value.kind, decoded.value.message, from, own)
    if (problem) return this.refuse(kind, problem, from)
    this.deps.metrics.gossipVerdict(kind, 'accept')
    return 'accept'
  }

  private bestBlockRequest(from: PeerId, own: boolean): P2PError | undefined {
    if (own) return undefined
    const admission = this.deps.requests.admit(from)
    if (admission === 'admitted') {
      this.deps.responder.request(from)
      return undefined
    }
    if (admission === 'spam') this.deps.standing.penalize(from, 'spam', 'best-block requests over the rate')
    return REQUEST_RATE_LIMITED
  }

  private announced<K extends AnnouncedKind>(
    kind: K,
    message: TopicMessages[K],
    from: PeerId,
    own: boolean,
  ): P2PError | undefined {
    const { hash, url } = ANNOUNCED[kind](message)
    const handOffKind = HANDOFF_KIND[kind]
    // Nothing to fetch a block or subtree from: not the sender's fault under the spec (Go's zero value).
    if (handOffKind !== undefined && url === '') return MISSING_URL
    // Our own URL is ours to choose (a test network may well be private).
    if (!own && url !== '') {
      const forbidden = refuseDataHubUrl(url, this.deps.allowPrivateDataHubUrls)
      if (forbidden) return forbidden
    }
    const decision = this.deps.replay.sight(
      kind,
      ReplayGuard.keyOf(kind, hash, from),
      { peerId: from, baseUrl: url },
      own,
      { handOff: handOffKind !== undefined && !own, notify: true },
    )
    if (!decision.handOff && !decision.notify) return REPLAY
    if (decision.handOff && handOffKind !== undefined) {
      this.deps.handoff.push(handOffKind, { hash, baseUrl: url, peerId: from })
    }
    if (decision.notify) this.notify(notificationFromMessage(kind, message, this.deps.clock.now()))
    return undefined
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
    const offence = offenceForGossip(kind, error.code)
    if (offence !== undefined) this.deps.standing.penalize(from, offence, `${kind}: ${error.code}`)
    const verdict = verdictForError(error.code)
    this.deps.metrics.gossipVerdict(kind, verdict)
    return verdict
  }
}
