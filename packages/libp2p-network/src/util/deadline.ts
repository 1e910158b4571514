/**
 * Runs `work` with a signal that aborts when any of `signals` aborts or after `ms`. Unlike
 * `AbortSignal.timeout`, the timer is cleared as soon as the work settles, so a stopped node
 * leaves no timer behind.
 */
export async function withDeadline<T>(
  signals: ReadonlyArray<AbortSignal | undefined>,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(new DeadlineError(ms)), ms)
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined)
  try {
    return await work(AbortSignal.any([...present, timeout.signal]))
  } finally {
    clearTimeout(timer)
  }
}

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError'
  constructor(readonly ms: number) {
    super(`deadline of ${ms} ms passed`)
  }
}
