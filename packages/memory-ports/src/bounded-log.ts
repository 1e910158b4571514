import { P2PError } from '@p2p/domain'

/**
 * Checks a count option (a log size, a period): a whole number from `min` to `max`, or Infinity
 * when `max` allows it ("keep everything", "never"). A wrong value is a mistake in the test or
 * harness, so it fails at once.
 */
export function wholeNumberOption(name: string, value: number, min: number, max: number): number {
  const whole = Number.isInteger(value) || value === Number.POSITIVE_INFINITY
  if (!whole || value < min || value > max) {
    const most = max === Number.POSITIVE_INFINITY ? 'Infinity' : String(max)
    throw new P2PError('invalid_config', `${name} must be a whole number from ${min} to ${most}`, {
      context: { [name]: value },
    })
  }
  return value
}

/**
 * The newest `limit` entries of a log (all of them when `limit` is Infinity, none when 0), for
 * the in-memory ports whose records a long run would otherwise keep by the million.
 */
export class BoundedLog<T> {
  private entries: T[] = []
  private pushed = 0

  constructor(readonly limit: number) {}

  push(entry: T): void {
    this.pushed++
    if (this.limit === 0) return
    this.entries.push(entry)
    // Trimmed in batches, so a full log does not copy itself on every push.
    if (this.entries.length >= this.limit * 2) this.entries = this.entries.slice(-this.limit)
  }

  /** The kept entries, oldest first. */
  get items(): readonly T[] {
    if (this.entries.length > this.limit) this.entries = this.entries.slice(-this.limit)
    return this.entries
  }

  /** Whether nothing has been forgotten since construction or `clear`. */
  get complete(): boolean {
    return this.pushed <= this.limit
  }

  clear(): void {
    this.entries = []
    this.pushed = 0
  }
}
