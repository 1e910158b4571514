import { describe, expect, it } from 'vitest'
import { RequestBudget } from './request-budget.js'

describe('RequestBudget', () => {
  it('allows the limit per window, flags the first excess once, and opens a new window after it', () => {
    let now = 1_000
    const budget = new RequestBudget(() => now, { limit: 3, windowMs: 60_000 })
    expect([budget.take('a'), budget.take('a'), budget.take('a')]).toEqual(['allowed', 'allowed', 'allowed'])
    expect(budget.take('a')).toBe('over_first')
    expect(budget.take('a')).toBe('over')
    // Another peer has its own budget.
    expect(budget.take('b')).toBe('allowed')
    now += 60_000
    expect(budget.take('a')).toBe('allowed')
  })

  it('forgets peers whose window has passed', () => {
    let now = 0
    const budget = new RequestBudget(() => now, { limit: 1, windowMs: 1_000 })
    for (let i = 0; i < 100; i++) budget.take(`peer-${i}`)
    expect(budget.size).toBe(100)
    now = 1_000
    budget.take('late')
    expect(budget.size).toBe(1)
  })
})
