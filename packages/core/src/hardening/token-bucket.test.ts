import { describe, expect, it } from 'vitest'
import { TokenBucket } from './token-bucket.js'

describe('TokenBucket', () => {
  it('starts full, lends its burst at once, then refills at its rate', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0)
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false])
    expect(bucket.take(499)).toBe(false)
    expect(bucket.take(500)).toBe(true)
    expect(bucket.take(500)).toBe(false)
  })

  it('never holds more than its burst, however long it rests', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 2 }, 0)
    bucket.take(0)
    expect(bucket.isFull(3_600_000)).toBe(true)
    expect([1, 2, 3].map(() => bucket.take(3_600_000))).toEqual([true, true, false])
  })

  it('handles rates below one a second', () => {
    const bucket = new TokenBucket({ perSecond: 0.1, burst: 1 }, 0)
    expect(bucket.take(0)).toBe(true)
    expect(bucket.take(9_999)).toBe(false)
    expect(bucket.take(10_000)).toBe(true)
  })

  it('gains nothing and loses nothing when the clock steps back', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 10_000)
    expect(bucket.take(10_000)).toBe(true)
    expect(bucket.take(5_000)).toBe(false)
    // Time is measured from the latest reading, so the step back is not refilled twice.
    expect(bucket.take(10_999)).toBe(false)
    expect(bucket.take(11_000)).toBe(true)
  })
})
