import { type Clock, type Offence, P2PError, type PeerId, type PeerReputation } from '@p2p/domain'
import { BoundedLog, wholeNumberOption } from './bounded-log.js'
import { FakeClock } from './fake-clock.js'

/** The reference's ban score: what each offence costs, and what bans. */
export const OFFENCE_POINTS: Readonly<Record<Offence, number>> = {
  invalid_message: 10,
  protocol_violation: 20,
  spam: 50,
}
export const BAN_THRESHOLD = 100
export const SCORE_DECAY_PER_MINUTE = 1
export const BAN_DURATION_MS = 24 * 60 * 60 * 1000

export interface Penalty {
  readonly peer: PeerId
  readonly offence: Offence
  readonly detail: string
}

export interface MemoryPeerReputationOptions {
  /**
   * The score that bans (default BAN_THRESHOLD, the reference's). Infinity bans nobody on its
   * own, for a run that must go on hearing every peer however it behaves; `ban` still bans.
   */
  readonly banThreshold?: number
  /**
   * Penalties kept for `penalties` and `penaltiesOf`, the oldest forgotten first; 0 keeps none.
   * `penaltyCount` counts every one. Default: every penalty.
   */
  readonly penaltyLogLimit?: number
}

interface Standing {
  score: number
  updatedMs: number
  bannedUntilMs: number
}

/**
 * PeerReputation in memory, on the reference's schedule (see OFFENCE_POINTS): a score that decays
 * a point a minute on the injected clock, a ban for 24 h once it reaches 100 (unless
 * `banThreshold` says otherwise), after which the peer starts again from zero. Records every
 * penalty (as many as `penaltyLogLimit` keeps) and counts them all, so tests can ask who was
 * penalized for what; `ban` and `unban` stage the rest.
 */
export class MemoryPeerReputation implements PeerReputation {
  private readonly log: BoundedLog<Penalty>
  private readonly counts = new Map<Offence, number>()
  private readonly standings = new Map<PeerId, Standing>()
  private readonly clock: Clock
  private readonly banThreshold: number

  constructor(deps: { readonly clock?: Clock } = {}, options: MemoryPeerReputationOptions = {}) {
    this.clock = deps.clock ?? new FakeClock()
    const threshold = options.banThreshold ?? BAN_THRESHOLD
    if (!(threshold > 0)) {
      throw new P2PError('invalid_config', 'banThreshold must be above 0', {
        context: { banThreshold: threshold },
      })
    }
    this.banThreshold = threshold
    const limit = options.penaltyLogLimit ?? Number.POSITIVE_INFINITY
    this.log = new BoundedLog(wholeNumberOption('penaltyLogLimit', limit, 0, Number.POSITIVE_INFINITY))
  }

  penalize(peer: PeerId, offence: Offence, detail: string): void {
    this.log.push({ peer, offence, detail })
    this.counts.set(offence, (this.counts.get(offence) ?? 0) + 1)
    const standing = this.current(peer)
    if (standing.bannedUntilMs > this.clock.now()) return
    standing.score += OFFENCE_POINTS[offence] ?? 0
    if (standing.score >= this.banThreshold) this.ban(peer)
  }

  isBanned(peer: PeerId): boolean {
    return this.current(peer).bannedUntilMs > this.clock.now()
  }

  /** The peer's score now, decay applied. */
  scoreOf(peer: PeerId): number {
    return this.current(peer).score
  }

  /** Bans `peer` for `durationMs` (Infinity: for good), whatever its score. */
  ban(peer: PeerId, durationMs: number = BAN_DURATION_MS): void {
    const standing = this.current(peer)
    standing.bannedUntilMs = this.clock.now() + durationMs
    standing.score = 0
  }

  unban(peer: PeerId): void {
    this.current(peer).bannedUntilMs = 0
  }

  /** The kept penalties (every one, unless `penaltyLogLimit` says fewer), in order. */
  get penalties(): readonly Penalty[] {
    return this.log.items
  }

  penaltiesOf(peer: PeerId, offence?: Offence): Penalty[] {
    return this.log.items.filter((p) => p.peer === peer && (offence === undefined || p.offence === offence))
  }

  /** Penalties given, of one offence or of all, forgotten ones included; banned peers' count too. */
  penaltyCount(offence?: Offence): number {
    if (offence !== undefined) return this.counts.get(offence) ?? 0
    let total = 0
    for (const count of this.counts.values()) total += count
    return total
  }

  private current(peer: PeerId): Standing {
    const now = this.clock.now()
    let standing = this.standings.get(peer)
    if (standing === undefined) {
      standing = { score: 0, updatedMs: now, bannedUntilMs: 0 }
      this.standings.set(peer, standing)
    }
    const minutes = Math.floor((now - standing.updatedMs) / 60_000)
    if (minutes > 0) {
      standing.score = Math.max(0, standing.score - minutes * SCORE_DECAY_PER_MINUTE)
      standing.updatedMs += minutes * 60_000
    }
    return standing
  }
}
