import type { LoadGauge } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** A LoadGauge under test and a way to load the process it watches. */
export interface LoadGaugeHarness extends Cleanup {
  readonly gauge: LoadGauge
  /** Puts the process under load it cannot keep up with, and keeps it there until `relieve`. */
  overload(): Promise<void>
  /** Ends the load. */
  relieve(): Promise<void>
  /** How long the gauge may take to notice a change either way. */
  readonly noticeWithinMs: number
}

export function describeLoadGaugeCompliance(name: string, setup: () => Promise<LoadGaugeHarness>): void {
  describe(`${name} (LoadGauge compliance)`, () => {
    const harness = useHarness(setup, async (h) => h.relieve())

    it('is not overloaded at rest, and asking changes nothing', () => {
      const { gauge } = harness()
      const answers = new Set(Array.from({ length: 1000 }, () => gauge.overloaded()))
      expect([...answers]).toEqual([false])
    })

    it('says so under load it cannot keep up with, and recovers once the load ends', async () => {
      const { gauge, overload, relieve, noticeWithinMs } = harness()
      await overload()
      await waitFor(() => gauge.overloaded(), {
        timeoutMs: noticeWithinMs,
        what: 'the gauge to notice the load',
      })
      await relieve()
      await waitFor(() => !gauge.overloaded(), {
        timeoutMs: noticeWithinMs,
        what: 'the gauge to notice the load ended',
      })
    })
  })
}
