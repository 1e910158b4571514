import type { GossipVerdict } from '../gossip/verdict.js'
import type { BlockMessage } from '../messages/block-message.js'
import type { TopicMessages } from '../messages/topic-messages.js'
import type { TopicKind } from '../topics/topic-kind.js'
import type { WireFormat } from '../wire/wire-format.js'
import type { Startable } from './lifecycle.js'

/** A peer's identity as text (base58 multihash or CID form). */
export type PeerId = string

export interface PeerSummary {
  readonly id: PeerId
  readonly addresses: readonly string[]
  /** Topic kinds the peer is known to subscribe to. */
  readonly topics: readonly TopicKind[]
}

/** A gossip message as it arrived; the service decodes and judges it. */
export interface InboundGossip {
  readonly kind: TopicKind
  /** The message's author (the signed origin), not the neighbour that relayed it. */
  readonly from: PeerId
  readonly data: Uint8Array
}

/** A message that arrived on the direct stream (a best-block reply). */
export interface InboundDirect {
  readonly from: PeerId
  readonly data: Uint8Array
}

/** What the service does with what the network hears. Called on the network's own schedule. */
export interface PeerNetworkListener {
  /**
   * Judges a gossip message before it is relayed. Only `accept`ed messages may be relayed to
   * other peers. Messages we published ourselves are delivered here too.
   */
  gossip(message: InboundGossip): GossipVerdict
  /**
   * Does what the verdicts given so far set in motion (hand-offs, notifications, penalties).
   * The network calls it once it has passed those verdicts on, off its relay path (after a
   * batch is fine); it is cheap when nothing waits. Nothing is lost if it comes late.
   */
  afterVerdicts(): void
  direct(message: InboundDirect): void
  /** A peer became known as a subscriber of a topic. */
  topicPeerJoined(kind: TopicKind, peer: PeerId): void
}

/**
 * The peer-to-peer network: gossip on the five topics plus a direct stream to one peer.
 * Contract (checked by the compliance suite): a published message reaches every subscribed
 * peer *and our own listener* with `from` = our id; publishing with no peers succeeds;
 * `publish` and `sendDirect` before `start` or after `stop` fail with code `not_started`.
 */
export interface PeerNetwork extends Startable {
  readonly peerId: PeerId
  /**
   * The wire profile this network speaks: the kinds it has topics for, and how their payloads
   * are written and read. The service decodes what arrives and builds what it publishes with it.
   */
  readonly wire: WireFormat
  /** Set once, before `start`. */
  setListener(listener: PeerNetworkListener): void
  /**
   * An aborted `signal` makes a publish that has not completed reject (code `stopped`); a kind
   * the wire does not carry rejects with `not_carried`.
   */
  publish<K extends TopicKind>(kind: K, message: TopicMessages[K], signal?: AbortSignal): Promise<void>
  /** Opens a stream to `peer`, writes the message, closes; `signal` aborts it. */
  sendDirect(peer: PeerId, message: BlockMessage, signal?: AbortSignal): Promise<void>
  peers(): readonly PeerSummary[]
}
