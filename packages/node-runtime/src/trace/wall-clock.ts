/**
 * Milliseconds since the epoch to a fraction of a millisecond: the process's monotonic clock from
 * its wall-clock origin. Processes on one machine agree on it closely enough to time a message
 * from one to another; `Date.now()` would round every stage of a fast path to 0 or 1 ms.
 */
export function wallClockNow(): number {
  return performance.timeOrigin + performance.now()
}
