import type { Clock, NodeStatusMessage, PeerId } from '@p2p/domain'

export interface KnownStatus {
  readonly status: NodeStatusMessage
  /** When it arrived, on the service's clock. */
  readonly receivedMs: number
}

export interface NodeStatusBookDeps {
  readonly clock: Pick<Clock, 'now'>
}

export interface NodeStatusBookOptions {
  /** Nodes remembered at most; past it the one heard from longest ago is forgotten. */
  readonly maxNodes: number
  /** A node not heard from for this long is forgotten (it says how it is every 10 s). */
  readonly expiryMs: number
}

/**
 * The latest status of each node that told us one, ours included: what a new websocket client
 * is shown first and what the network view lists. Bounded and expiring, since any peer with a
 * key can claim to be a node: a flood of identities costs a fixed amount of memory, and a node
 * that left the network drops out of the picture.
 */
export class NodeStatusBook {
  // A Map keeps insertion order; re-inserting on each status keeps the stalest first.
  private readonly byNode = new Map<PeerId, KnownStatus>()

  constructor(
    private readonly deps: NodeStatusBookDeps,
    private readonly options: NodeStatusBookOptions,
  ) {}

  record(status: NodeStatusMessage): void {
    this.byNode.delete(status.peerId)
    this.byNode.set(status.peerId, { status, receivedMs: this.deps.clock.now() })
    this.forgetExpired()
    while (this.byNode.size > this.options.maxNodes) {
      const stalest = this.byNode.keys().next().value as PeerId
      this.byNode.delete(stalest)
    }
  }

  /** Every status still fresh, the one heard from longest ago first. */
  all(): KnownStatus[] {
    this.forgetExpired()
    return [...this.byNode.values()]
  }

  get size(): number {
    return this.byNode.size
  }

  private forgetExpired(): void {
    const oldest = this.deps.clock.now() - this.options.expiryMs
    for (const [node, known] of this.byNode) {
      if (known.receivedMs >= oldest) return
      this.byNode.delete(node)
    }
  }
}
