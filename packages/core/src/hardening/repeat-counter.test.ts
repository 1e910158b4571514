import { describe, expect, it } from 'vitest'
import { RepeatCounter } from './repeat-counter.js'

describe('RepeatCounter', () => {
  it('reports a peer once it passes the limit for one key, and again after as many more', () => {
    const counter = new RepeatCounter({ limit: 50, windowMs: 60_000, maxEntries: 100 })
    const verdicts = Array.from({ length: 102 }, (_, i) => counter.count('block|aa', 'peer-1', i))
    expect(verdicts.indexOf(true)).toBe(50)
    expect(verdicts.lastIndexOf(true)).toBe(101)
    expect(verdicts.filter(Boolean)).toHaveLength(2)
  })

  it('counts each peer and each key apart', () => {
    const counter = new RepeatCounter({ limit: 2, windowMs: 60_000, maxEntries: 100 })
    for (let i = 0; i < 2; i++) {
      expect(counter.count('block|aa', 'peer-1', 0)).toBe(false)
      expect(counter.count('block|aa', 'peer-2', 0)).toBe(false)
      expect(counter.count('block|bb', 'peer-1', 0)).toBe(false)
    }
    expect(counter.count('block|aa', 'peer-1', 0)).toBe(true)
  })

  it('forgets counts older than the window', () => {
    const counter = new RepeatCounter({ limit: 2, windowMs: 1_000, maxEntries: 100 })
    counter.count('k', 'p', 0)
    counter.count('k', 'p', 10)
    expect(counter.count('k', 'p', 1_000)).toBe(false)
    expect(counter.count('k', 'p', 1_001)).toBe(false)
    expect(counter.count('k', 'p', 1_002)).toBe(true)
  })

  it('holds at most maxEntries pairs, forgetting the oldest', () => {
    const counter = new RepeatCounter({ limit: 1, windowMs: 60_000, maxEntries: 3 })
    for (let i = 0; i < 10; i++) counter.count(`key-${i}`, 'p', i)
    expect(counter.size).toBe(3)
    // key-0 was forgotten: its count starts again.
    expect(counter.count('key-0', 'p', 20)).toBe(false)
  })
})
