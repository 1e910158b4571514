import type { Clock } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** A Clock under test and a way to let its time pass. */
export interface ClockHarness extends Cleanup {
  readonly clock: Clock
  /** Lets at least `ms` of the clock's time pass: moves a fake clock, waits out a real one. */
  advance(ms: number): Promise<void>
}

// Small delays: against a real clock every one of them is really waited for.
export function describeClockCompliance(name: string, setup: () => Promise<ClockHarness>): void {
  describe(`${name} (Clock compliance)`, () => {
    const harness = useHarness(setup)

    it('reads non-decreasing epoch milliseconds', async () => {
      const { clock, advance } = harness()
      const samples = Array.from({ length: 1000 }, () => clock.now())
      for (const [i, sample] of samples.entries()) {
        expect(Number.isFinite(sample) && sample >= 0).toBe(true)
        if (i > 0) expect(sample).toBeGreaterThanOrEqual(samples[i - 1] as number)
      }
      const before = clock.now()
      await advance(25)
      expect(clock.now()).toBeGreaterThanOrEqual(before + 25)
    })

    it('fires a timer once, after its delay and not before', async () => {
      const { clock, advance } = harness()
      let fired = 0
      clock.setTimer(60, () => fired++)
      await advance(10)
      expect(fired).toBe(0)
      await advance(60)
      await waitFor(() => fired === 1, { what: 'the timer to fire' })
      let later = false
      clock.setTimer(30, () => {
        later = true
      })
      await advance(40)
      await waitFor(() => later, { what: 'a later timer to fire' })
      expect(fired).toBe(1)
    })

    it('fires timers in the order they fall due', async () => {
      const { clock, advance } = harness()
      const order: string[] = []
      clock.setTimer(45, () => order.push('third'))
      clock.setTimer(15, () => order.push('first'))
      clock.setTimer(30, () => order.push('second'))
      await advance(60)
      await waitFor(() => order.length === 3, { what: 'all three timers' })
      expect(order).toEqual(['first', 'second', 'third'])
    })

    it('runs a timer set by a timer', async () => {
      const { clock, advance } = harness()
      const order: string[] = []
      clock.setTimer(10, () => {
        order.push('outer')
        clock.setTimer(10, () => order.push('inner'))
      })
      await advance(40)
      await waitFor(() => order.length === 2, { what: 'the nested timer' })
      expect(order).toEqual(['outer', 'inner'])
    })

    it('never fires a cancelled timer; cancelling twice or after firing is harmless', async () => {
      const { clock, advance } = harness()
      let cancelledFired = false
      let sentinel = false
      const cancelled = clock.setTimer(10, () => {
        cancelledFired = true
      })
      const fired = clock.setTimer(20, () => {
        sentinel = true
      })
      cancelled.cancel()
      cancelled.cancel()
      await advance(30)
      await waitFor(() => sentinel, { what: 'the timer that was not cancelled' })
      expect(() => fired.cancel()).not.toThrow()
      expect(cancelledFired).toBe(false)
    })
  })
}
