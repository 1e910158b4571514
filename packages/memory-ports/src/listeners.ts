import type { Unsubscribe } from '@p2p/domain'

/** Where a listener's error goes when delivery must carry on regardless. */
export type ErrorSink = (error: unknown) => void

/** A listener list where each subscription is its own entry, so one function can subscribe twice. */
export class Listeners<T> {
  private readonly entries = new Set<{ readonly listener: (value: T) => void }>()

  /**
   * Without `onError`, the first error a listener throws is rethrown once every listener has run,
   * so the test (or the chain) that delivered sees it; with it, every error goes there instead.
   */
  constructor(private readonly onError?: ErrorSink) {}

  add(listener: (value: T) => void): Unsubscribe {
    const entry = { listener }
    this.entries.add(entry)
    return () => {
      this.entries.delete(entry)
    }
  }

  get size(): number {
    return this.entries.size
  }

  /** Calls every listener subscribed when delivery began; a throwing one does not stop the others. */
  deliver(value: T): void {
    let failure: { readonly error: unknown } | undefined
    for (const entry of [...this.entries]) {
      try {
        entry.listener(value)
      } catch (error) {
        if (this.onError === undefined) failure ??= { error }
        else this.onError(error)
      }
    }
    if (failure !== undefined) throw failure.error
  }
}
