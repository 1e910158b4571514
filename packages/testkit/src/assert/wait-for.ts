export interface WaitOptions {
  /** Give up after this long (default 5 s). */
  readonly timeoutMs?: number
  /** Check again this often (default 10 ms). */
  readonly intervalMs?: number
  /** Said in the error when the deadline passes. */
  readonly what?: string
}

/**
 * Polls `condition` until it returns a truthy value (which is returned) or the deadline
 * passes. Tests wait for conditions this way, never for fixed times.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 5000, intervalMs = 10, what = 'condition' } = options
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await condition()
      if (value) return value as NonNullable<T>
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
