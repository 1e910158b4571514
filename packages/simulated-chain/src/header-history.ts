import type { Hash } from '@p2p/domain'
import type { HeaderRecord } from './header-record.js'

/**
 * The headers a look-up can find: the last `limit` added, oldest forgotten first, plus the best
 * one, which is kept apart so that it is always there whatever the limit.
 */
export class HeaderHistory {
  private readonly records = new Map<Hash, HeaderRecord>()
  private bestRecord: HeaderRecord

  constructor(
    private readonly limit: number,
    genesis: HeaderRecord,
  ) {
    this.bestRecord = genesis
    this.add(genesis)
  }

  get best(): HeaderRecord {
    return this.bestRecord
  }

  get size(): number {
    return this.records.size
  }

  get(hash: Hash): HeaderRecord | undefined {
    return this.records.get(hash) ?? (hash === this.bestRecord.info.hash ? this.bestRecord : undefined)
  }

  /** Adding a hash again replaces its record and makes it the newest. */
  add(record: HeaderRecord): void {
    this.records.delete(record.info.hash)
    this.records.set(record.info.hash, record)
    // Maps iterate in insertion order, so the first key is the oldest.
    for (const oldest of this.records.keys()) {
      if (this.records.size <= this.limit) break
      this.records.delete(oldest)
    }
  }

  /** Makes a known header the best; false when the hash is not known. */
  setBest(hash: Hash): boolean {
    const record = this.get(hash)
    if (record === undefined) return false
    this.bestRecord = record
    return true
  }
}
