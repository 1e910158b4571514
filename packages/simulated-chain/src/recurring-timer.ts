import type { Clock, TimerHandle } from '@p2p/domain'
import { jitteredDelay, type RandomSource } from './random-source.js'

export interface RecurringTimerDeps {
  readonly clock: Clock
  readonly random: RandomSource
}

export interface RecurringTimerOptions {
  readonly meanMs: number
  readonly jitter: number
  readonly run: () => void
  /**
   * Run one 0 ms timer later than due, after whatever else falls due at the same moment: a block
   * must come after the subtree that closes its interval, whichever timer was set first.
   */
  readonly yieldFirst?: boolean
}

/** Runs `run` again and again, each time after a freshly jittered delay, until stopped. */
export class RecurringTimer {
  private next: TimerHandle | undefined
  private due: TimerHandle | undefined

  private readonly clock: Clock
  private readonly random: RandomSource

  constructor(
    deps: RecurringTimerDeps,
    private readonly options: RecurringTimerOptions,
  ) {
    this.clock = deps.clock
    this.random = deps.random
  }

  get running(): boolean {
    return this.next !== undefined || this.due !== undefined
  }

  start(): void {
    if (this.next === undefined) this.arm()
  }

  stop(): void {
    this.next?.cancel()
    this.due?.cancel()
    this.next = undefined
    this.due = undefined
  }

  /** Starts the wait over, from now (a block mined by hand replaces the one due). */
  restart(): void {
    if (this.next === undefined) return
    this.stop()
    this.arm()
  }

  private arm(): void {
    const { meanMs, jitter } = this.options
    this.next = this.clock.setTimer(jitteredDelay(this.random, meanMs, jitter), () => this.fire())
  }

  private fire(): void {
    // Re-armed before running, so a `run` that throws cannot end production, and a `run` that
    // stops the timer cancels the next tick rather than being undone by a later re-arm.
    this.arm()
    if (!this.options.yieldFirst) {
      this.options.run()
      return
    }
    this.due?.cancel()
    this.due = this.clock.setTimer(0, () => {
      this.due = undefined
      this.options.run()
    })
  }
}
