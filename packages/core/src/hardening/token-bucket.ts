export interface RateLimit {
  /** Tokens added per second: the sustained rate. */
  readonly perSecond: number
  /** Tokens held at most: how many may come at once after a quiet spell. */
  readonly burst: number
}

/**
 * The classic token bucket, on time the caller passes in (the core reads time only from its
 * Clock). Starts full. A clock that steps back adds nothing rather than taking tokens away.
 */
export class TokenBucket {
  private tokens: number
  private lastMs: number

  constructor(
    private readonly limit: RateLimit,
    nowMs: number,
  ) {
    this.tokens = limit.burst
    this.lastMs = nowMs
  }

  /** True when full: nothing has been taken for long enough to refill it. */
  isFull(nowMs: number): boolean {
    this.refill(nowMs)
    return this.tokens >= this.limit.burst
  }

  /** Takes one token if there is one. */
  take(nowMs: number): boolean {
    this.refill(nowMs)
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.lastMs
    if (elapsed > 0) {
      this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000)
    }
    this.lastMs = Math.max(this.lastMs, nowMs)
  }
}
