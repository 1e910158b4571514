/**
 * Runs jobs with at most `concurrency` in flight and at most `limit` waiting. When full, the
 * oldest waiting job is dropped (the newest announcement is the one worth having) and reported
 * through `onDrop`; nothing grows without bound and nothing is lost without a count.
 */
export interface BoundedQueueOptions<T> {
  readonly concurrency: number
  readonly limit: number
  readonly run: (job: T) => Promise<void>
  readonly onDrop: (job: T, reason: 'full' | 'closed') => void
  /** Called when `run` rejects; `run` should handle its own errors, this is the last guard. */
  readonly onError: (job: T, error: unknown) => void
}

export class BoundedQueue<T> {
  private readonly waiting: T[] = []
  private running = 0
  private closed = false
  private idleWaiters: Array<() => void> = []

  constructor(private readonly options: BoundedQueueOptions<T>) {
    if (!(options.concurrency >= 1) || !(options.limit >= 0)) {
      throw new RangeError('concurrency must be ≥ 1 and limit ≥ 0')
    }
  }

  get size(): number {
    return this.waiting.length
  }

  get inFlight(): number {
    return this.running
  }

  /** False when the job itself was not taken: the queue is closed, or full with no backlog allowed. */
  push(job: T): boolean {
    if (this.closed) {
      this.options.onDrop(job, 'closed')
      return false
    }
    if (this.running < this.options.concurrency) {
      this.start(job)
      return true
    }
    if (this.waiting.length >= this.options.limit) {
      const oldest = this.waiting.shift()
      if (oldest !== undefined) this.options.onDrop(oldest, 'full')
      else {
        this.options.onDrop(job, 'full')
        return false
      }
    }
    this.waiting.push(job)
    return true
  }

  /** Stops accepting jobs, drops what is waiting, and resolves once running jobs have settled. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.waiting.splice(0)) this.options.onDrop(job, 'closed')
    await this.idle()
  }

  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private start(job: T): void {
    this.running++
    let settled: Promise<void>
    try {
      settled = this.options.run(job)
    } catch (error) {
      settled = Promise.reject(error)
    }
    settled.then(
      () => this.finish(),
      (error: unknown) => {
        this.options.onError(job, error)
        this.finish()
      },
    )
  }

  private finish(): void {
    this.running--
    const next = this.waiting.shift()
    if (next !== undefined) {
      this.start(next)
      return
    }
    if (this.running === 0) {
      const waiters = this.idleWaiters
      this.idleWaiters = []
      for (const resolve of waiters) resolve()
    }
  }
}
