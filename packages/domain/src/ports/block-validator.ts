import type { Hash } from '../hash/hash.js'
import type { Startable } from './lifecycle.js'
import type { PeerId } from './peer-network.js'
import type { UpstreamStatus } from './upstream-status.js'

/** A block or subtree another peer announced, to be fetched from `baseUrl` and validated. */
export interface Announcement {
  readonly hash: Hash
  readonly baseUrl: string
  /** Who announced it: the gossip author, or the peer that sent a best-block reply. */
  readonly peerId: PeerId
}

/** The node's block validation service. Rejects with a P2PError (`upstream_*`) on failure. */
export interface BlockValidator extends Startable {
  blockFound(announcement: Announcement, signal?: AbortSignal): Promise<void>
  subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void>
  status(): UpstreamStatus
}
