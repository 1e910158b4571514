import type { PeerSummary, TopicKind, UpstreamStatus } from '@p2p/domain'

/** What `/health` and `/status` report; the composition root assembles it from the components. */
export interface NodeStatus {
  /** Healthy = the network runs and every node service it depends on is up. */
  readonly healthy: boolean
  /** Why not healthy, short enough for a load balancer's log. */
  readonly reason?: string
  readonly version: string
  readonly peerId: string
  readonly uptimeSeconds: number
  readonly topics: Readonly<Partial<Record<TopicKind, string>>>
  readonly peers: readonly PeerSummary[]
  readonly upstreams: Readonly<Record<string, UpstreamStatus>>
  readonly websocketClients: number
  /** Whether the node keeps up, and what it sheds when it does not. */
  readonly load?: LoadStatus
}

export interface LoadStatus {
  /** True while gossip the node can afford to lose is being shed. */
  readonly overloaded: boolean
  readonly episodes: number
  readonly overloadedSeconds: number
  /** The event loop's busy share and its longest wait, over the last sample. */
  readonly utilization: number
  readonly delayMs: number
}

/**
 * What the composition root reports. The face adds its own websocket client count, so the
 * status can be assembled before the face exists.
 */
export type StatusSource = () => Omit<NodeStatus, 'websocketClients'>
