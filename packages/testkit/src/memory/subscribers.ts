import type { Unsubscribe } from '@p2p/domain'

/** A listener list where each subscription is its own entry, so the same function can subscribe twice. */
export class Subscribers<T> {
  private readonly entries = new Set<{ readonly listener: (value: T) => void }>()

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

  /**
   * Calls every listener subscribed when delivery began. A throwing listener does not stop the
   * others; the first error is rethrown afterwards so the test that caused it sees it.
   */
  deliver(value: T): void {
    let failure: { readonly error: unknown } | undefined
    for (const entry of [...this.entries]) {
      try {
        entry.listener(value)
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure !== undefined) throw failure.error
  }
}
