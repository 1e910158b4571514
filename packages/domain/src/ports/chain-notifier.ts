import type { BlockHeaderInfo, ChainEvent } from '../chain/chain-types.js'
import type { Hash } from '../hash/hash.js'
import type { Startable, Unsubscribe } from './lifecycle.js'
import type { UpstreamStatus } from './upstream-status.js'

export type ChainListener = (event: ChainEvent) => void

/**
 * The node's blockchain service: events about our own chain, and the header look-ups needed to
 * fill announcements. Look-ups reject with a P2PError (`upstream_*`) when the service fails.
 */
export interface ChainNotifier extends Startable {
  subscribe(listener: ChainListener): Unsubscribe
  bestBlockHeader(signal?: AbortSignal): Promise<BlockHeaderInfo>
  blockHeader(hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo>
  status(): UpstreamStatus
}
