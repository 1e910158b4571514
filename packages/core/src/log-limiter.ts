import type { Clock } from '@p2p/domain'

/**
 * Lets a repeated warning through at most once per interval, and says how many were held back
 * in between; the rest go to debug. A failure a hostile peer can cause at will must not be able
 * to fill the operator's log at warn.
 */
export class LogLimiter {
  private lastMs = Number.NEGATIVE_INFINITY
  private held = 0

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** `undefined` when this occurrence should stay at debug; else how many were held back before it. */
  admit(): number | undefined {
    const now = this.clock.now()
    if (now - this.lastMs < this.intervalMs) {
      this.held++
      return undefined
    }
    this.lastMs = now
    const held = this.held
    this.held = 0
    return held
  }
}
