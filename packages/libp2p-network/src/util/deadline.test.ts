import { describe, expect, it } from 'vitest'
import { DeadlineError, withDeadline } from './deadline.js'

describe('withDeadline', () => {
  it('passes the result through and clears its timer', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    expect(await withDeadline([], 60_000, async () => 42)).toBe(42)
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    expect(after).toBeLessThanOrEqual(before)
  })

  it('aborts the signal when the deadline passes', async () => {
    const reason = await withDeadline(
      [],
      5,
      (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason))),
    )
    expect(reason).toBeInstanceOf(DeadlineError)
  })

  it('aborts the signal when any given signal aborts', async () => {
    const outer = new AbortController()
    const seen = withDeadline(
      [undefined, outer.signal],
      60_000,
      (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted'))),
    )
    outer.abort()
    expect(await seen).toBe('aborted')
  })
})
