import type { Clock, TimerHandle } from '@p2p/domain'
import { nextTick } from './next-tick.js'

/** 2024-01-01T00:00:00Z: a fixed, readable start so timestamps in test output are predictable. */
export const DEFAULT_FAKE_CLOCK_START_MS = Date.UTC(2024, 0, 1)

interface PendingTimer {
  readonly id: number
  readonly dueMs: number
  readonly fn: () => void
}

// A timer that keeps re-arming itself at 0 ms would otherwise spin `advance` forever.
const MAX_TIMERS_PER_ADVANCE = 100_000

export interface FakeClockOptions {
  /** What `now()` reads before the first `advance`; `DEFAULT_FAKE_CLOCK_START_MS` when left out. */
  readonly startMs?: number
}

/** A clock that only moves when the test says so; timers run inside `advance`, in time order. */
export class FakeClock implements Clock {
  private currentMs: number
  private nextId = 0
  private readonly timers = new Map<number, PendingTimer>()

  constructor(options: FakeClockOptions = {}) {
    this.currentMs = options.startMs ?? DEFAULT_FAKE_CLOCK_START_MS
  }

  now(): number {
    return this.currentMs
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++
    // Like setTimeout: a negative or non-numeric delay means "as soon as possible".
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0
    this.timers.set(id, { id, dueMs: this.currentMs + delay, fn })
    return { cancel: () => this.timers.delete(id) }
  }

  get pendingTimers(): number {
    return this.timers.size
  }

  /** When the earliest pending timer is due, if any. */
  get nextTimerDueMs(): number | undefined {
    return this.earliest(Number.POSITIVE_INFINITY)?.dueMs
  }

  /**
   * Moves time forward by `ms`, running every timer that falls due on the way, earliest first.
   * While a timer runs, `now()` reads its due time, so timers it schedules land where they would
   * in real time and run too if they fall within the window.
   */
  advance(ms: number): void {
    const target = this.targetOf(ms)
    let ran = 0
    while (this.fireNext(target, ran)) ran++
    this.currentMs = target
  }

  /**
   * `advance` for code under test that awaits between timers: lets pending promise callbacks and
   * I/O run before and after each timer, so work a timer starts can schedule the next one.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.targetOf(ms)
    await nextTick()
    let ran = 0
    while (this.fireNext(target, ran)) {
      ran++
      await nextTick()
    }
    this.currentMs = target
  }

  private targetOf(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`FakeClock cannot advance by ${ms} ms`)
    return this.currentMs + ms
  }

  /** Fires the earliest timer due by `target`; false when there is none left. */
  private fireNext(target: number, alreadyRan: number): boolean {
    const timer = this.earliest(target)
    if (timer === undefined) return false
    if (alreadyRan >= MAX_TIMERS_PER_ADVANCE) throw new Error('FakeClock: timers keep re-arming without end')
    this.fire(timer)
    return true
  }

  private fire(timer: PendingTimer): void {
    this.timers.delete(timer.id)
    this.currentMs = Math.max(this.currentMs, timer.dueMs)
    timer.fn()
  }

  private earliest(notAfterMs: number): PendingTimer | undefined {
    let best: PendingTimer | undefined
    for (const timer of this.timers.values()) {
      if (timer.dueMs > notAfterMs) continue
      // Ids grow with scheduling order, so equal due times keep the order they were set in.
      if (
        best === undefined ||
        timer.dueMs < best.dueMs ||
        (timer.dueMs === best.dueMs && timer.id < best.id)
      ) {
        best = timer
      }
    }
    return best
  }
}
