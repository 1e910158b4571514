/**
 * Keeps hold of fire-and-forget work so that `stop()` can wait for it. Each task handles its
 * own errors; `onError` is the guard for the ones that slip through.
 */
export class TaskTracker {
  private readonly pending = new Set<Promise<void>>()

  constructor(private readonly onError: (error: unknown) => void) {}

  get size(): number {
    return this.pending.size
  }

  run(task: () => Promise<void>): void {
    let promise: Promise<void>
    try {
      promise = task()
    } catch (error) {
      this.onError(error)
      return
    }
    const tracked = promise.catch(this.onError).finally(() => this.pending.delete(tracked))
    this.pending.add(tracked)
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }
}
