import type { Clock } from '../ports/clock.js'

export interface LogLimiterDeps {
  readonly clock: Pick<Clock, 'now'>
}

export interface LogLimiterOptions {
  /** At most one occurrence in this many milliseconds reaches the louder level. */
  readonly intervalMs: number
}

/**
 * Lets a repeated warning through at most once per interval, and says how many were held back
 * in between; the rest go to debug. A failure a hostile peer or a broken node service can cause
 * at will must not be able to fill the operator's log at warn. Pure: it reads the time from the
 * clock it is given and holds no timer, so the core and the adapters share it.
 */
export class LogLimiter {
  private lastMs = Number.NEGATIVE_INFINITY
  private held = 0

  private readonly clock: Pick<Clock, 'now'>
  private readonly intervalMs: number

  constructor(deps: LogLimiterDeps, options: LogLimiterOptions) {
    this.clock = deps.clock
    this.intervalMs = options.intervalMs
  }

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
