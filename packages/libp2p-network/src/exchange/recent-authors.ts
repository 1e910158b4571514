/**
 * The `capacity` authors seen most recently. Called for every gossip message, so a sighting is
 * one map delete and one set; the oldest falls out when a new one comes.
 */
export class RecentAuthors {
  private readonly seen = new Map<string, true>()

  constructor(private readonly capacity: number) {}

  saw(peer: string): void {
    if (this.seen.delete(peer)) {
      this.seen.set(peer, true)
      return
    }
    this.seen.set(peer, true)
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next()
      if (oldest.done !== true) this.seen.delete(oldest.value)
    }
  }

  has(peer: string): boolean {
    return this.seen.has(peer)
  }

  get size(): number {
    return this.seen.size
  }

  /** Newest first. */
  newestFirst(): string[] {
    return [...this.seen.keys()].reverse()
  }

  clear(): void {
    this.seen.clear()
  }
}
