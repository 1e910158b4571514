import type { Clock, TimerHandle } from '@p2p/domain'

/** Real time, for integration tests and the composition root. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now()
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer = setTimeout(fn, delayMs)
    // A pending timer alone must not keep the process alive after everything else has stopped.
    timer.unref()
    return { cancel: () => clearTimeout(timer) }
  }
}
