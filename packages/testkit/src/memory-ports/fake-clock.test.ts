import { DEFAULT_FAKE_CLOCK_START_MS, FakeClock } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { describeClockCompliance } from '../compliance/clock-compliance.js'

describeClockCompliance('FakeClock', async () => {
  const clock = new FakeClock()
  return { clock, advance: async (ms) => clock.advance(ms), cleanup: async () => {} }
})

describe('FakeClock', () => {
  it('starts at 2024-01-01 unless told otherwise', () => {
    expect(new FakeClock().now()).toBe(DEFAULT_FAKE_CLOCK_START_MS)
    expect(new FakeClock({ startMs: 1234 }).now()).toBe(1234)
  })

  it('runs due timers in time order, equal due times in the order they were set', () => {
    const clock = new FakeClock({ startMs: 0 })
    const seen: string[] = []
    clock.setTimer(20, () => seen.push('b'))
    clock.setTimer(10, () => seen.push('a'))
    clock.setTimer(20, () => seen.push('c'))
    clock.setTimer(21, () => seen.push('late'))
    clock.advance(20)
    expect(seen).toEqual(['a', 'b', 'c'])
    expect(clock.pendingTimers).toBe(1)
    expect(clock.nextTimerDueMs).toBe(21)
  })

  it('shows each timer its own due time, and lands on the target after', () => {
    const clock = new FakeClock({ startMs: 1000 })
    const times: number[] = []
    clock.setTimer(5, () => times.push(clock.now()))
    clock.setTimer(15, () => times.push(clock.now()))
    clock.advance(100)
    expect(times).toEqual([1005, 1015])
    expect(clock.now()).toBe(1100)
  })

  it('runs timers set by timers when they fall within the window, and only then', () => {
    const clock = new FakeClock({ startMs: 0 })
    const seen: Array<[string, number]> = []
    clock.setTimer(10, () => {
      seen.push(['outer', clock.now()])
      clock.setTimer(0, () => seen.push(['immediate', clock.now()]))
      clock.setTimer(15, () => seen.push(['inner', clock.now()]))
      clock.setTimer(100, () => seen.push(['beyond', clock.now()]))
    })
    clock.advance(30)
    expect(seen).toEqual([
      ['outer', 10],
      ['immediate', 10],
      ['inner', 25],
    ])
    expect(clock.pendingTimers).toBe(1)
  })

  it('never runs a cancelled timer, even one cancelled by an earlier timer in the same advance', () => {
    const clock = new FakeClock({ startMs: 0 })
    const seen: string[] = []
    const victim = clock.setTimer(20, () => seen.push('victim'))
    clock.setTimer(10, () => {
      seen.push('canceller')
      victim.cancel()
    })
    clock.setTimer(5, () => seen.push('early')).cancel()
    clock.advance(50)
    expect(seen).toEqual(['canceller'])
    expect(clock.pendingTimers).toBe(0)
  })

  it('treats a negative or NaN delay as zero and refuses to go back in time', () => {
    const clock = new FakeClock({ startMs: 0 })
    let fired = 0
    clock.setTimer(-5, () => fired++)
    clock.setTimer(Number.NaN, () => fired++)
    clock.advance(0)
    expect(fired).toBe(2)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })

  it('stops a timer that re-arms itself at 0 ms forever', () => {
    const clock = new FakeClock({ startMs: 0 })
    const rearm = (): void => {
      clock.setTimer(0, rearm)
    }
    clock.setTimer(0, rearm)
    expect(() => clock.advance(1)).toThrow(/re-arming/)
  })

  it('lets awaited work between timers schedule the next timer (advanceAsync)', async () => {
    const clock = new FakeClock({ startMs: 0 })
    const seen: number[] = []
    clock.setTimer(10, () => {
      void Promise.resolve().then(() => clock.setTimer(10, () => seen.push(clock.now())))
    })
    await clock.advanceAsync(30)
    expect(seen).toEqual([20])
    expect(clock.now()).toBe(30)
  })
})
