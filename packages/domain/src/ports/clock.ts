export interface TimerHandle {
  cancel(): void
}

/** Time, injected so that tests can move it by hand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Runs `fn` once after `delayMs`, unless cancelled. */
  setTimer(delayMs: number, fn: () => void): TimerHandle
}
