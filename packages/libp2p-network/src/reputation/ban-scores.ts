import type { Offence } from '@p2p/domain'

export interface BanScoresDeps {
  readonly now: () => number
  /** Called for every ban a penalty adds (not for restored ones), for persistence. */
  readonly onBanAdded?: (ban: BanRecord) => void
}

export interface BanScoresOptions {
  readonly threshold: number
  readonly durationMs: number
  readonly decayPerMinute: number
  readonly maxTrackedPeers: number
  /** Bans held at most; past it the oldest ban (the one closest to expiry) is forgotten. */
  readonly maxBans: number
  readonly offenceScores: Readonly<Record<Offence, number>>
}

/** A ban as it is kept and persisted: `until` is in ms since the epoch. */
export interface BanRecord {
  readonly peer: string
  readonly until: number
  readonly reason: string
}

/** A ban that a penalty just caused, with the score that caused it. */
export interface NewBan extends BanRecord {
  readonly score: number
}

interface Tally {
  score: number
  at: number
}

const MS_PER_MINUTE = 60_000
/** Bans and their reasons are persisted; a long detail from a peer must not bloat the file. */
const MAX_REASON_CHARS = 256

/**
 * Ban scores as the reference keeps them: each offence adds its weight, the score loses a fixed
 * amount per minute, and reaching the threshold bans the peer for a while. Decay is computed from the last
 * penalty's timestamp when the score is read, so no peer costs a timer.
 */
export class BanScores {
  private readonly tallies = new Map<string, Tally>()
  /**
   * In order of expiry as far as insertion gives it: every new ban lasts the same duration, a
   * renewed one is moved to the end, and restored ones go in sorted. So the first entry is the
   * one to forget when full, found without a scan: a scan per ban at the cap was the stall.
   */
  private readonly banned = new Map<string, BanRecord>()
  private evicted = 0

  private readonly now: () => number
  private readonly onBanAdded: ((ban: BanRecord) => void) | undefined

  constructor(
    deps: BanScoresDeps,
    private readonly options: BanScoresOptions,
  ) {
    this.now = deps.now
    this.onBanAdded = deps.onBanAdded
  }

  /** Adds the offence's weight; returns the ban when this penalty caused one. */
  penalize(peer: string, offence: Offence, detail: string): NewBan | undefined {
    const weight = this.options.offenceScores[offence]
    if (weight === undefined || weight <= 0 || this.isBanned(peer)) return undefined
    const now = this.now()
    const tally = this.tallies.get(peer)
    const current = tally === undefined ? { score: 0, at: now } : this.decayed(tally, now)
    const score = current.score + weight
    if (score < this.options.threshold) {
      // A peer at zero starts a fresh minute; otherwise the minute under way keeps counting.
      this.track(peer, { score, at: current.score > 0 ? current.at : now })
      return undefined
    }
    // The score has served its purpose; after the ban the peer starts again from zero.
    this.tallies.delete(peer)
    const reason = `${offence}: ${detail}`.slice(0, MAX_REASON_CHARS)
    const ban = { peer, until: now + this.options.durationMs, reason }
    this.hold(ban)
    this.onBanAdded?.(ban)
    return { ...ban, score }
  }

  /** The current (decayed) score; 0 for peers we know nothing against. */
  score(peer: string): number {
    const tally = this.tallies.get(peer)
    return tally === undefined ? 0 : this.decayed(tally, this.now()).score
  }

  isBanned(peer: string): boolean {
    const ban = this.banned.get(peer)
    if (ban === undefined) return false
    if (ban.until > this.now()) return true
    // Expired bans need no write: loading leaves them out.
    this.banned.delete(peer)
    return false
  }

  /** Bans still in force, soonest to expire first. */
  bans(): BanRecord[] {
    const now = this.now()
    for (const [peer, ban] of this.banned) if (ban.until <= now) this.banned.delete(peer)
    return [...this.banned.values()].sort((a, b) => a.until - b.until)
  }

  /** Takes in bans from an earlier run; expired ones are skipped, and the later of two bans wins. */
  restore(records: readonly BanRecord[]): number {
    const now = this.now()
    let restored = 0
    // Soonest expiry first, so the cap keeps the longest-lasting bans and the order stays by expiry.
    for (const record of [...records].sort((a, b) => a.until - b.until)) {
      const current = this.banned.get(record.peer)
      if (record.until <= now || (current !== undefined && current.until >= record.until)) continue
      this.hold(record)
      this.tallies.delete(record.peer)
      restored++
    }
    return restored
  }

  /** Bans held now (expired ones included until they are next looked at). */
  get banCount(): number {
    return this.banned.size
  }

  /** Bans forgotten before their expiry because the cap was reached. */
  get evictions(): number {
    return this.evicted
  }

  private hold(ban: BanRecord): void {
    this.banned.delete(ban.peer)
    if (this.banned.size >= this.options.maxBans) {
      const oldest = this.banned.values().next()
      if (!oldest.done) {
        this.banned.delete(oldest.value.peer)
        // An expired one leaving is no loss; only a ban still in force counts as evicted.
        if (oldest.value.until > this.now()) this.evicted++
      }
    }
    this.banned.set(ban.peer, ban)
  }

  /** Peers with a score on record (diagnostics, and the memory bound's test). */
  get trackedCount(): number {
    return this.tallies.size
  }

  /**
   * Decay by whole minutes, as "a point a minute" reads: ten +10 offences within a minute reach 100,
   * where a continuous decay would leave 99.99. `at` moves on by the minutes used, keeping the rest.
   */
  private decayed(tally: Tally, now: number): Tally {
    // A clock that steps back must not raise the score.
    const minutes = Math.floor(Math.max(0, now - tally.at) / MS_PER_MINUTE)
    return {
      score: Math.max(0, tally.score - minutes * this.options.decayPerMinute),
      at: tally.at + minutes * MS_PER_MINUTE,
    }
  }

  private track(peer: string, tally: Tally): void {
    if (!this.tallies.has(peer) && this.tallies.size >= this.options.maxTrackedPeers) this.evict(tally.at)
    this.tallies.set(peer, tally)
  }

  /**
   * Makes room for one more peer: first forgets every score that decayed to zero, then, if none
   * did, the lowest score. O(n), but only when full, and a sweep usually frees many places at once.
   */
  private evict(now: number): void {
    let lowest: { peer: string; score: number } | undefined
    for (const [peer, tally] of this.tallies) {
      const score = this.decayed(tally, now).score
      if (score <= 0) this.tallies.delete(peer)
      else if (lowest === undefined || score < lowest.score) lowest = { peer, score }
    }
    if (this.tallies.size >= this.options.maxTrackedPeers && lowest !== undefined) {
      this.tallies.delete(lowest.peer)
    }
  }
}
