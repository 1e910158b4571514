import type { Clock } from '@p2p/domain'
import type { RandomSource } from './random-source.js'
import { RecurringTimer } from './recurring-timer.js'
import type { SimulatedChainOptions } from './simulated-chain-options.js'

/** Ends one hold on production; calling it again does nothing. */
export type ProductionLease = () => void

export interface ProductionTasks {
  readonly subtree: () => unknown
  readonly block: () => unknown
  readonly rejectedTx: () => unknown
}

export interface ProductionDeps {
  readonly clock: Clock
  readonly random: RandomSource
  readonly onError: (error: unknown) => void
  readonly tasks: ProductionTasks
}

/**
 * The timers that make the chain move. They run while at least one lease is held (and `autoRun`
 * is on), and not one is left pending once the last lease is given back.
 */
export class Production {
  private leases = 0
  private readonly timers: readonly RecurringTimer[]
  private readonly blockTimer: RecurringTimer

  constructor(deps: ProductionDeps, options: SimulatedChainOptions) {
    const { clock, random, onError, tasks } = deps
    // A task that throws (a block past the highest height) is reported; production goes on.
    const guarded = (task: () => unknown) => () => {
      try {
        task()
      } catch (error) {
        onError(error)
      }
    }
    const timer = (meanMs: number, task: () => unknown, yieldFirst = false) =>
      new RecurringTimer(
        { clock, random },
        { meanMs, jitter: options.jitter, run: guarded(task), yieldFirst },
      )
    this.blockTimer = timer(options.blockIntervalMs, tasks.block, true)
    const subtreeTimer = timer(options.subtreeIntervalMs, tasks.subtree)
    const rejectedTimer =
      options.rejectedTxIntervalMs > 0 ? [timer(options.rejectedTxIntervalMs, tasks.rejectedTx)] : []
    this.timers = options.autoRun ? [subtreeTimer, this.blockTimer, ...rejectedTimer] : []
  }

  get running(): boolean {
    return this.timers.some((timer) => timer.running)
  }

  acquire(): ProductionLease {
    this.leases++
    if (this.leases === 1) for (const timer of this.timers) timer.start()
    let released = false
    return () => {
      if (released) return
      released = true
      this.leases--
      if (this.leases === 0) for (const timer of this.timers) timer.stop()
    }
  }

  /** A block mined by hand starts the wait for the next one over. */
  blockMined(): void {
    this.blockTimer.restart()
  }
}
