import {
  type BlockMessage,
  blockMessageCodec,
  type GossipVerdict,
  type InboundDirect,
  type InboundGossip,
  P2PError,
  type PeerId,
  type PeerNetwork,
  type PeerNetworkListener,
  type PeerSummary,
  type TopicKind,
  type TopicMessages,
  type WireFormat,
} from '@p2p/domain'
import { throwIfAborted } from './abort-error.js'
import type { MemoryNetworkHub } from './memory-network-hub.js'

type State = 'created' | 'started' | 'stopped'

/**
 * An in-process PeerNetwork. It keeps the real adapter's contract: payloads cross as the
 * encoded wire bytes, our own publications come back to our listener, publishing with no peers
 * succeeds, and nothing is sent before `start` or after `stop`.
 */
export class MemoryPeerNetwork implements PeerNetwork {
  private registered: PeerNetworkListener | undefined
  private state: State = 'created'
  readonly published: Array<{ readonly kind: TopicKind; readonly data: Uint8Array }> = []
  readonly sentDirect: Array<{ readonly to: PeerId; readonly message: BlockMessage }> = []

  readonly peerId: PeerId
  readonly wire: WireFormat
  private readonly hub: MemoryNetworkHub

  /** Made by `MemoryNetworkHub.createNode`, which links it to the hub's other nodes. */
  constructor(deps: { readonly hub: MemoryNetworkHub }, options: { readonly peerId: PeerId }) {
    this.hub = deps.hub
    this.peerId = options.peerId
    this.wire = deps.hub.wire
  }

  get isStarted(): boolean {
    return this.state === 'started'
  }

  /**
   * The listener the service set, for a harness that plays the network's side itself: a fuzzer
   * judging payloads one after another, synchronously, without the hub's turn of the event loop.
   * Calling it directly skips the relay, so the caller owes `afterVerdicts` after the verdicts.
   */
  get listener(): PeerNetworkListener | undefined {
    return this.registered
  }

  setListener(listener: PeerNetworkListener): void {
    if (this.registered !== undefined) throw new P2PError('internal', 'the listener is set once')
    this.registered = listener
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new P2PError('internal', `cannot start a network that is ${this.state}`)
    this.state = 'started'
    this.hub.joined(this)
  }

  async stop(): Promise<void> {
    this.state = 'stopped'
  }

  async publish<K extends TopicKind>(
    kind: K,
    message: TopicMessages[K],
    signal?: AbortSignal,
  ): Promise<void> {
    this.requireStarted()
    throwIfAborted(signal)
    const data = this.wire.encode(kind, message)
    this.published.push({ kind, data })
    this.hub.broadcast(this, { kind, from: this.peerId, data })
  }

  async sendDirect(peer: PeerId, message: BlockMessage, signal?: AbortSignal): Promise<void> {
    this.requireStarted()
    throwIfAborted(signal)
    const data = blockMessageCodec.encodeBytes(message)
    await this.hub.direct(this, peer, data)
    this.sentDirect.push({ to: peer, message })
  }

  peers(): readonly PeerSummary[] {
    if (!this.isStarted) return []
    return this.hub.peersOf(this.peerId).map((peer) => ({
      id: peer.peerId,
      addresses: [`/memory/${peer.peerId}`],
      topics: [...this.wire.kinds],
    }))
  }

  /** @internal */
  deliverGossip(gossip: InboundGossip): GossipVerdict {
    const verdict = this.registered?.gossip(gossip) ?? 'ignore'
    // Delivery in memory is the relay: the verdict is out, so what it set in motion may run.
    this.registered?.afterVerdicts()
    return verdict
  }

  /** @internal */
  deliverDirect(direct: InboundDirect): void {
    this.registered?.direct(direct)
  }

  /** @internal */
  deliverJoin(kind: TopicKind, peer: PeerId): void {
    this.registered?.topicPeerJoined(kind, peer)
  }

  private requireStarted(): void {
    if (this.state !== 'started') {
      throw new P2PError(
        'not_started',
        `the network is ${this.state === 'created' ? 'not started' : 'stopped'}`,
      )
    }
  }
}
