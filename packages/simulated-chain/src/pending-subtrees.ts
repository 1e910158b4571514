import type { Hash } from '@p2p/domain'
import type { SimulatedSubtree } from './chain-data.js'

/**
 * Beyond this many, a block's subtrees still count towards its totals but are no longer listed:
 * only subtrees added by hand, with no block mined for a long time, get there.
 */
export const MAX_LISTED_SUBTREES = 4_096

export interface AssembledSubtrees {
  readonly hashes: readonly Hash[]
  readonly count: number
  readonly txCount: bigint
  readonly sizeInBytes: bigint
}

/** The subtrees made since the last block: what the next block is assembled from. */
export class PendingSubtrees {
  private hashes: Hash[] = []
  private count = 0
  private txCount = 0n
  private sizeInBytes = 0n

  get size(): number {
    return this.count
  }

  add(subtree: SimulatedSubtree): void {
    if (this.hashes.length < MAX_LISTED_SUBTREES) this.hashes.push(subtree.hash)
    this.count++
    this.txCount += subtree.txCount
    this.sizeInBytes += subtree.sizeInBytes
  }

  /** Hands the subtrees over to a block and starts afresh. */
  take(): AssembledSubtrees {
    const taken = {
      hashes: this.hashes,
      count: this.count,
      txCount: this.txCount,
      sizeInBytes: this.sizeInBytes,
    }
    this.hashes = []
    this.count = 0
    this.txCount = 0n
    this.sizeInBytes = 0n
    return taken
  }
}
