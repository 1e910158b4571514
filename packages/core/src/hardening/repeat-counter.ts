import type { PeerId } from '@p2p/domain'

export interface RepeatLimits {
  /** Sightings of one key from one peer within the window that are still honest. */
  readonly limit: number
  readonly windowMs: number
  /** (peer, key) pairs counted at most; past this the oldest is forgotten. */
  readonly maxEntries: number
}

interface Count {
  readonly firstMs: number
  n: number
}

/**
 * How often one peer announces the same thing. Gossip already drops an identical message, so a
 * repeat is a new message carrying a hash its author announced before: an honest node does it
 * once or twice (a re-announcement after a reorg, a restart), never dozens of times. The
 * reference scores a peer past 50 repeats as spam; so do we, once per `limit` repeats.
 */
export class RepeatCounter {
  private readonly counts = new Map<string, Count>()

  constructor(private readonly limits: RepeatLimits) {}

  get size(): number {
    return this.counts.size
  }

  /** Counts a sighting; true when it takes `peer` past the limit for `key`. */
  count(key: string, peer: PeerId, nowMs: number): boolean {
    const id = `${peer} ${key}`
    let entry = this.counts.get(id)
    if (entry !== undefined && nowMs - entry.firstMs >= this.limits.windowMs) {
      this.counts.delete(id)
      entry = undefined
    }
    if (entry === undefined) {
      this.trim(nowMs)
      entry = { firstMs: nowMs, n: 0 }
      this.counts.set(id, entry)
    }
    entry.n++
    if (entry.n <= this.limits.limit) return false
    entry.n = 0
    return true
  }

  /** Entries are inserted at their first sighting, so the oldest are first: expire and bound from the front. */
  private trim(nowMs: number): void {
    for (const [id, entry] of this.counts) {
      if (this.counts.size < this.limits.maxEntries && nowMs - entry.firstMs < this.limits.windowMs) return
      this.counts.delete(id)
    }
  }
}
