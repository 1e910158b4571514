import { describe, expect, it } from 'vitest'
import { jitteredDelay, randomBytes, randomInt, seededRandom } from './random-source.js'

describe('random source', () => {
  it('repeats a seeded sequence exactly, and stays in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed))
    const values = take(1)
    expect(take(1)).toEqual(values)
    expect(take(2)).not.toEqual(values)
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThan(1)
    }
    expect(new Set(values).size).toBeGreaterThan(990)
  })

  it('keeps integers within their bounds, even for a source that returns 1', () => {
    expect(randomInt(() => 0, 5, 9)).toBe(5)
    expect(randomInt(() => 0.999_999, 5, 9)).toBe(9)
    expect(randomInt(() => 1, 5, 9)).toBe(9)
    expect(randomBytes(seededRandom(3), 32)).toHaveLength(32)
  })

  it('jitters a delay by at most the given fraction either way, never below 1 ms', () => {
    expect(jitteredDelay(() => 0, 1_000, 0.2)).toBe(800)
    expect(jitteredDelay(() => 0.5, 1_000, 0.2)).toBe(1_000)
    expect(jitteredDelay(() => 0.999_999, 1_000, 0.2)).toBe(1_200)
    expect(jitteredDelay(() => 0.3, 1_000, 0)).toBe(1_000)
    expect(jitteredDelay(() => 0, 1, 0.9)).toBe(1)
    const random = seededRandom(9)
    for (let i = 0; i < 1_000; i++) {
      const delay = jitteredDelay(random, 10_000, 0.2)
      expect(delay).toBeGreaterThanOrEqual(8_000)
      expect(delay).toBeLessThanOrEqual(12_000)
    }
  })
})
