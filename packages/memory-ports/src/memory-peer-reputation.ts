import type { Clock, Offence, PeerId, PeerReputation } from '@p2p/domain'
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

interface Standing {
  score: number
  updatedMs: number
  bannedUntilMs: number
}

/**
 * PeerReputation in memory, on the reference's schedule (see OFFENCE_POINTS): a score that decays
 * a point a minute on the injected clock, a ban for 24 h once it reaches 100, after which the
 * peer starts again from zero. Records every penalty, so tests can ask who was penalized for what;
 * `ban` and `unban` stage the rest.
 */
export class MemoryPeerReputation implements PeerReputation {
  private readonly log: Penalty[] = []
  private readonly standings = new Map<PeerId, Standing>()
  private readonly clock: Clock

  constructor(options: { readonly clock?: Clock } = {}) {
    this.clock = options.clock ?? new FakeClock()
  }

  penalize(peer: PeerId, offence: Offence, detail: string): void {
    this.log.push({ peer, offence, detail })
    const standing = this.current(peer)
    if (standing.bannedUntilMs > this.clock.now()) return
    standing.score += OFFENCE_POINTS[offence] ?? 0
    if (standing.score >= BAN_THRESHOLD) this.ban(peer)
  }

  isBanned(peer: PeerId): boolean {
    return this.current(peer).bannedUntilMs > this.clock.now()
  }

  /** The peer's score now, decay applied. */
  scoreOf(peer: PeerId): number {
    return this.current(peer).score
  }

  ban(peer: PeerId, durationMs: number = BAN_DURATION_MS): void {
    const standing = this.current(peer)
    standing.bannedUntilMs = this.clock.now() + durationMs
    standing.score = 0
  }

  unban(peer: PeerId): void {
    this.current(peer).bannedUntilMs = 0
  }

  /** Every penalty, in order. */
  get penalties(): readonly Penalty[] {
    return this.log
  }

  penaltiesOf(peer: PeerId, offence?: Offence): Penalty[] {
    return this.log.filter((p) => p.peer === peer && (offence === undefined || p.offence === offence))
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
