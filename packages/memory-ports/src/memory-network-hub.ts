import {
  type GossipVerdict,
  type InboundDirect,
  type InboundGossip,
  P2PError,
  type PeerId,
  spec2024WireFormat,
  type WireFormat,
} from '@p2p/domain'
import { MemoryPeerNetwork } from './memory-peer-network.js'

export interface DeliveredGossip extends InboundGossip {
  readonly to: PeerId
  readonly verdict: GossipVerdict
}

let nextNodeNumber = 1

export interface MemoryNetworkHubOptions {
  /** The wire profile every node on this hub speaks; the spec's by default. */
  readonly wire?: WireFormat
}

/**
 * Links in-memory PeerNetworks in one process: a full mesh on every topic, delivering on a
 * later turn of the event loop like a real network would. Tests can also play a rogue peer
 * (`injectGossip`, `injectDirect`) and read every verdict that was given.
 */
export class MemoryNetworkHub {
  private readonly nodes = new Map<PeerId, MemoryPeerNetwork>()
  private readonly links = new Set<string>()
  readonly delivered: DeliveredGossip[] = []
  readonly wire: WireFormat

  constructor(options: MemoryNetworkHubOptions = {}) {
    this.wire = options.wire ?? spec2024WireFormat
  }

  createNode(peerId: PeerId = MemoryNetworkHub.peerIdFor(nextNodeNumber++)): MemoryPeerNetwork {
    if (this.nodes.has(peerId)) throw new RangeError(`peer ${peerId} already exists`)
    const node = new MemoryPeerNetwork({ hub: this }, { peerId })
    this.nodes.set(peerId, node)
    return node
  }

  /** A realistic-looking Ed25519 peer id (base58, 52 characters) derived from a number. */
  static peerIdFor(n: number): PeerId {
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
    let tail = ''
    let x = n * 2654435761
    for (let i = 0; i < 44; i++) {
      tail += alphabet[x % alphabet.length]
      x = Math.floor(x / alphabet.length) + (i + 1) * 7919
    }
    return `12D3KooW${tail}`
  }

  /** Started nodes other than `self`, that `self` is linked to. */
  peersOf(self: PeerId): MemoryPeerNetwork[] {
    return [...this.nodes.values()].filter(
      (n) => n.peerId !== self && n.isStarted && this.linked(self, n.peerId),
    )
  }

  /** Cuts (or restores) the link between two nodes, as a network partition would. */
  setLinked(a: PeerId, b: PeerId, linked: boolean): void {
    const key = linkKey(a, b)
    if (linked) {
      this.links.delete(key)
      const [na, nb] = [this.nodes.get(a), this.nodes.get(b)]
      if (na?.isStarted && nb?.isStarted) this.announceJoin(na, nb)
    } else this.links.add(key)
  }

  /** Delivers raw bytes to `to` as if `from` had published them; returns the verdict. */
  async injectGossip(to: PeerId, gossip: InboundGossip): Promise<GossipVerdict> {
    const target = this.requireStarted(to)
    await turn()
    return this.deliverGossip(target, gossip)
  }

  async injectDirect(to: PeerId, direct: InboundDirect): Promise<void> {
    const target = this.requireStarted(to)
    await turn()
    target.deliverDirect(direct)
  }

  /** @internal called by MemoryPeerNetwork */
  joined(node: MemoryPeerNetwork): void {
    for (const other of this.peersOf(node.peerId)) this.announceJoin(node, other)
  }

  /** @internal */
  broadcast(from: MemoryPeerNetwork, gossip: InboundGossip): void {
    const targets = [from, ...this.peersOf(from.peerId)]
    setImmediate(() => {
      for (const target of targets) if (target.isStarted) this.deliverGossip(target, gossip)
    })
  }

  /** @internal */
  async direct(from: MemoryPeerNetwork, to: PeerId, data: Uint8Array): Promise<void> {
    const target = this.nodes.get(to)
    if (target === undefined || !target.isStarted || !this.linked(from.peerId, to)) {
      throw new P2PError('unknown_peer', `no connection to peer ${to}`, { context: { peer: to } })
    }
    await turn()
    if (!target.isStarted)
      throw new P2PError('send_failed', `peer ${to} went away`, { context: { peer: to } })
    target.deliverDirect({ from: from.peerId, data })
  }

  private deliverGossip(target: MemoryPeerNetwork, gossip: InboundGossip): GossipVerdict {
    const verdict = target.deliverGossip(gossip)
    this.delivered.push({ ...gossip, to: target.peerId, verdict })
    return verdict
  }

  private announceJoin(a: MemoryPeerNetwork, b: MemoryPeerNetwork): void {
    for (const kind of this.wire.kinds) {
      a.deliverJoin(kind, b.peerId)
      b.deliverJoin(kind, a.peerId)
    }
  }

  private linked(a: PeerId, b: PeerId): boolean {
    return !this.links.has(linkKey(a, b))
  }

  private requireStarted(peer: PeerId): MemoryPeerNetwork {
    const node = this.nodes.get(peer)
    if (node === undefined || !node.isStarted)
      throw new P2PError('unknown_peer', `peer ${peer} is not running`)
    return node
  }
}

function linkKey(a: PeerId, b: PeerId): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
