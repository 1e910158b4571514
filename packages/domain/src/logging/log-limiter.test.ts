import { describe, expect, it } from 'vitest'
import { LogLimiter } from './log-limiter.js'

describe('LogLimiter', () => {
  it('admits the first occurrence, holds the rest of the interval back, then says how many', () => {
    let now = 1_000
    const limiter = new LogLimiter({ clock: { now: () => now } }, { intervalMs: 10_000 })
    expect(limiter.admit()).toBe(0)
    for (let i = 0; i < 1_000; i++) expect(limiter.admit()).toBeUndefined()
    now += 9_999
    expect(limiter.admit()).toBeUndefined()
    now += 1
    expect(limiter.admit()).toBe(1_001)
    now += 10_000
    expect(limiter.admit()).toBe(0)
  })
})
