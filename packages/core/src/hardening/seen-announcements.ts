import type { PeerId } from '@p2p/domain'
import { AnnouncerTable } from './announcer-table.js'

/** Who announced something, and where they said it can be fetched. */
export interface Announcer {
  readonly peerId: PeerId
  readonly baseUrl: string
}

export interface SeenLimits {
  /** How long a sighting suppresses the same key. */
  readonly ttlMs: number
  /** Keys remembered at most; past this the oldest is forgotten. */
  readonly maxEntries: number
  /** Distinct announcers remembered per key; later ones are not recorded. */
  readonly maxAnnouncers: number
}

export interface SeenAnnouncementsDeps {
  /** Shared with the other kinds' caches; a table of its own when left out. */
  readonly announcers?: AnnouncerTable
}

export interface Sighting {
  readonly firstSeenMs: number
  /** Distinct announcers in the order they came (shared objects: never mutate them). */
  readonly announcers: Announcer[]
  /** Bit i set: announcers[i] has been handed to block validation. */
  tried: number
  /** With block validation (or done there), or needs no hand-off (`ours`). */
  handedOff: boolean
  /** We announced it too: we have it, so no peer's copy is ever worth a hand-off. */
  ours: boolean
  /** Hand-offs made so far, fallbacks included; never more than `maxAnnouncers`. */
  attempts: number
  notified: boolean
}

/**
 * What was announced recently, by key (a hash), with when it was first seen and by whom. A Map
 * keeps insertion order, and entries are only ever inserted at their first sighting, so the
 * oldest entry is always first: expiry and the size bound both trim from the front.
 *
 * Kept small, because a peer within its rate can fill it: an entry is the key, one flat object,
 * and an exact-size array of shared announcers (about 250 bytes, against 900 when each kept its
 * own copies), so `maxEntries` bounds the bytes too.
 */
export class SeenAnnouncements {
  private readonly entries = new Map<string, Sighting>()
  private readonly announcerTable: AnnouncerTable

  constructor(
    deps: SeenAnnouncementsDeps,
    private readonly options: SeenLimits,
  ) {
    this.announcerTable = deps.announcers ?? new AnnouncerTable()
  }

  get size(): number {
    return this.entries.size
  }

  /** The live sighting of `key`, if any. */
  get(key: string, nowMs: number): Sighting | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (nowMs - entry.firstSeenMs < this.options.ttlMs) return entry
    this.entries.delete(key)
    return undefined
  }

  /**
   * The sighting of `key` (a new one if there was none), with `announcer` recorded if there is
   * room; `undefined` records nobody (our own announcement).
   */
  sight(key: string, announcer: Announcer | undefined, nowMs: number): Sighting {
    let entry = this.get(key, nowMs)
    if (entry === undefined) {
      entry = {
        firstSeenMs: nowMs,
        // An array literal is allocated at its exact size; push() on [] would reserve room for 17.
        announcers: announcer === undefined ? [] : [this.announcerTable.intern(announcer)],
        tried: 0,
        handedOff: false,
        ours: false,
        attempts: 0,
        notified: false,
      }
      this.insert(key, entry, nowMs)
      return entry
    }
    const { announcers } = entry
    if (
      announcer !== undefined &&
      announcers.length < this.options.maxAnnouncers &&
      !announcers.some((known) => known.peerId === announcer.peerId)
    ) {
      announcers.push(this.announcerTable.intern(announcer))
    }
    return entry
  }

  private insert(key: string, entry: Sighting, nowMs: number): void {
    for (const [oldKey, old] of this.entries) {
      if (nowMs - old.firstSeenMs < this.options.ttlMs) break
      this.entries.delete(oldKey)
    }
    this.entries.set(key, entry)
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
  }
}
