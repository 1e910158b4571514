import type {
  GossipVerdict,
  InboundDirect,
  InboundGossip,
  PeerId,
  PeerNetworkListener,
  TopicKind,
} from '@p2p/domain'

/** A PeerNetworkListener that remembers everything it was given; the verdict is configurable. */
export class RecordingListener implements PeerNetworkListener {
  readonly gossipReceived: InboundGossip[] = []
  readonly directReceived: InboundDirect[] = []
  readonly joined: Array<{ readonly kind: TopicKind; readonly peer: PeerId }> = []
  /** Calls of `gossip` and `afterVerdicts`, in the order they came. */
  readonly calls: Array<'gossip' | 'afterVerdicts'> = []

  constructor(private readonly verdict: (message: InboundGossip) => GossipVerdict = () => 'accept') {}

  gossip(message: InboundGossip): GossipVerdict {
    this.gossipReceived.push(message)
    this.calls.push('gossip')
    return this.verdict(message)
  }

  afterVerdicts(): void {
    this.calls.push('afterVerdicts')
  }

  direct(message: InboundDirect): void {
    this.directReceived.push(message)
  }

  topicPeerJoined(kind: TopicKind, peer: PeerId): void {
    this.joined.push({ kind, peer })
  }

  gossipOf(kind: TopicKind): InboundGossip[] {
    return this.gossipReceived.filter((m) => m.kind === kind)
  }
}
