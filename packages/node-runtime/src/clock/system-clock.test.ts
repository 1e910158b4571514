import { describeClockCompliance, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { SystemClock } from './system-clock.js'

describeClockCompliance('SystemClock', async () => {
  const clock = new SystemClock()
  return {
    clock,
    advance: async (ms) => {
      const target = Date.now() + ms
      await waitFor(() => Date.now() >= target, {
        intervalMs: 1,
        timeoutMs: ms + 2000,
        what: `${ms} ms to pass`,
      })
    },
    cleanup: async () => {},
  }
})

describe('SystemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now()
    const now = new SystemClock().now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})
