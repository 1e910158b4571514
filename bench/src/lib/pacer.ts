export interface PaceOptions {
  /** Messages per second; 0 = as fast as `maxInFlight` allows. */
  readonly rate: number
  readonly durationMs: number
  /** Sends not yet completed; a paced sender that reaches it falls behind (and says so in `sent`). */
  readonly maxInFlight: number
  send(seq: number): Promise<unknown>
}

export interface PaceResult {
  readonly sent: number
  readonly failed: number
  /** performance.now() of the first send and of the end of the sending window. */
  readonly startMs: number
  readonly endMs: number
  readonly firstError?: string
}

/**
 * Sends at a steady rate (catching up on a 1 ms tick, so the rate holds even when timers are late)
 * or, unpaced, keeps `maxInFlight` sends outstanding until the time is up. Waits for the sends
 * still in flight at the end.
 */
export function pace(options: PaceOptions): Promise<PaceResult> {
  const { rate, durationMs, maxInFlight } = options
  const startMs = performance.now()
  let sent = 0
  let failed = 0
  let inFlight = 0
  let firstError: string | undefined
  let endMs: number | undefined
  return new Promise<PaceResult>((resolve) => {
    const finishIfDone = () => {
      if (endMs !== undefined && inFlight === 0)
        resolve({ sent, failed, startMs, endMs, ...(firstError === undefined ? {} : { firstError }) })
    }
    const fire = () => {
      const seq = sent++
      inFlight++
      let work: Promise<unknown>
      try {
        work = options.send(seq)
      } catch (error) {
        work = Promise.reject(error)
      }
      work.then(
        () => done(),
        (error: unknown) => {
          failed++
          firstError ??= error instanceof Error ? error.message : String(error)
          done()
        },
      )
    }
    const done = () => {
      inFlight--
      if (rate === 0 && endMs === undefined && performance.now() - startMs < durationMs) {
        while (inFlight < maxInFlight) fire()
      }
      finishIfDone()
    }
    if (rate === 0) {
      while (inFlight < maxInFlight) fire()
      setTimeout(() => {
        endMs = performance.now()
        finishIfDone()
      }, durationMs)
      return
    }
    const total = Math.round((rate * durationMs) / 1000)
    const tick = () => {
      const elapsed = performance.now() - startMs
      const due = Math.min(total, Math.floor((rate * elapsed) / 1000) + 1)
      while (sent < due && inFlight < maxInFlight) fire()
      if (elapsed >= durationMs || sent >= total) {
        endMs = performance.now()
        finishIfDone()
        return
      }
      setTimeout(tick, 1)
    }
    tick()
  })
}
