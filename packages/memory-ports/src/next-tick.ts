/** Resolves on the next turn of the event loop, after queued microtasks and timers of 0 ms. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
