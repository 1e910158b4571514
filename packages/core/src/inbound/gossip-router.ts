import {
  type Clock,
  type GossipVerdict,
  type HandoffKind,
  type InboundGossip,
  type MessageTrace,
  type NodeStatusMessage,
  notificationFromMessage,
  type P2PError,
  type P2PMetrics,
  type PeerId,
  type TopicMessages,
  verdictForError,
  type WireFormat,
} from '@p2p/domain'
import type { PeerRateLimiter } from '../hardening/peer-rate-limiter.js'
import { offenceForGossip } from '../hardening/peer-standing.js'
import { REQUEST_RATE_LIMITED } from '../hardening/refusals.js'
import type { AnnouncedKind } from '../hardening/replay-guard.js'
import type { InputGuard } from '../input-guard.js'
import type { AfterVerdict } from './after-verdict.js'
import type { Announced, AnnouncementRules } from './announcement-rules.js'
import type { GossipGate } from './gossip-gate.js'

export interface GossipRouterDeps {
  readonly selfId: PeerId
  /** How the network's payloads are read. */
  readonly wire: WireFormat
  readonly guard: InputGuard
  readonly metrics: P2PMetrics
  readonly clock: Clock
  readonly trace: MessageTrace
  readonly gate: GossipGate
  readonly rules: AnnouncementRules
  /** Where hand-offs, notifications, answers and penalties wait until the verdict is out. */
  readonly effects: AfterVerdict
  /** Best-block requests answered per peer. */
  readonly requests: PeerRateLimiter
}

/** What an announcement of each kind says about itself. */
const ANNOUNCED: { readonly [K in AnnouncedKind]: (m: TopicMessages[K]) => Omit<Announced, 'kind'> } = {
  block: (m) => ({ hash: m.hash, url: m.dataHubUrl, claimed: m.peerId }),
  subtree: (m) => ({ hash: m.hash, url: m.dataHubUrl, claimed: m.peerId }),
  miningOn: (m) => ({ hash: m.hash, url: m.dataHubUrl, claimed: m.peerId }),
  rejectedTx: (m) => ({ hash: m.txId, url: '', claimed: m.peerId }),
}

/** Which announcements go to block validation (when they come from another peer). */
const HANDOFF_KIND: Readonly<Record<AnnouncedKind, HandoffKind | undefined>> = {
  block: 'block',
  subtree: 'subtree',
  miningOn: undefined,
  rejectedTx: undefined,
}

/**
 * Judges every gossip message, and only judges it: another peer's message passes the gate (not
 * banned, within its rates), decodes, then passes the announcement rules (author, URL, replay)
 * shared with the direct stream. What the verdict sets in motion (hand-offs of other peers'
 * blocks and subtrees, notifications of everything, ours included, best-block answers, and
 * penalties for what the sender is at fault for) is recorded, to be done after the verdict.
 */
export class GossipRouter {
  constructor(private readonly deps: GossipRouterDeps) {}

  handle(gossip: InboundGossip): GossipVerdict {
    const { kind, from, data } = gossip
    // Taken before the hash is known: a sampled message is traced from here.
    const receivedAt = this.deps.trace.stamp()
    this.deps.metrics.messageReceived(kind, data.byteLength)
    const own = from === this.deps.selfId
    if (!own) {
      const stopped = this.deps.gate.check(kind, from)
      if (stopped) return this.refuse(gossip, stopped)
    }
    const decoded = this.deps.wire.decode(kind, data)
    if (!decoded.ok) return this.refuse(gossip, decoded.error)
    const { value } = decoded
    const problem =
      value.kind === 'bestBlock'
        ? this.bestBlockRequest(value.message.peerId, from, own)
        : value.kind === 'nodeStatus'
          ? this.nodeStatus(value.message, from)
          : this.announced(value.kind, value.message, from, own, receivedAt)
    if (problem) return this.refuse(gossip, problem)
    this.deps.metrics.gossipVerdict(kind, 'accept')
    return 'accept'
  }

  private bestBlockRequest(claimed: PeerId, from: PeerId, own: boolean): P2PError | undefined {
    const mismatch = this.deps.rules.author(claimed, from)
    if (mismatch || own) return mismatch
    const admission = this.deps.requests.admit(from)
    if (admission === 'admitted') {
      this.deps.effects.push({ type: 'answerBestBlock', peer: from })
      return undefined
    }
    if (admission === 'spam') {
      this.deps.effects.push({
        type: 'penalize',
        peer: from,
        offence: 'spam',
        detail: 'best-block requests over the rate',
      })
    }
    return REQUEST_RATE_LIMITED
  }

  /** A node's word on itself: only the node may speak for itself. Ours is kept like any other. */
  private nodeStatus(status: NodeStatusMessage, from: PeerId): P2PError | undefined {
    const mismatch = this.deps.rules.author(status.peerId, from)
    if (mismatch) return mismatch
    this.deps.effects.push({ type: 'nodeStatus', status })
    return undefined
  }

  private announced<K extends AnnouncedKind>(
    kind: K,
    message: TopicMessages[K],
    from: PeerId,
    own: boolean,
    receivedAt: number,
  ): P2PError | undefined {
    const handOffKind = HANDOFF_KIND[kind]
    const announced: Announced = { kind, ...ANNOUNCED[kind](message) }
    const judged = this.deps.rules.judge(announced, from, own, {
      handOff: handOffKind !== undefined && !own,
      notify: true,
    })
    if ('code' in judged) return judged
    const { effects, clock, trace } = this.deps
    if (trace.sampled(announced.hash)) {
      trace.mark(announced.hash, 'received', receivedAt)
      trace.mark(announced.hash, 'verdict', trace.stamp())
    }
    if (judged.handOff && handOffKind !== undefined) {
      effects.push({
        type: 'handOff',
        kind: handOffKind,
        announcement: { hash: announced.hash, baseUrl: announced.url, peerId: from },
      })
    }
    if (judged.notify) {
      effects.push({ type: 'notify', notification: notificationFromMessage(kind, message, clock.now()) })
    }
    return undefined
  }

  private refuse({ kind, from }: InboundGossip, error: P2PError): GossipVerdict {
    this.deps.guard.refused(kind, error, { from })
    const offence = offenceForGossip(error.code)
    if (offence !== undefined) {
      this.deps.effects.push({ type: 'penalize', peer: from, offence, detail: `${kind}: ${error.code}` })
    }
    const verdict = verdictForError(error.code)
    this.deps.metrics.gossipVerdict(kind, verdict)
    return verdict
  }
}
