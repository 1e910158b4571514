import type { RejectedTx, RejectedTxSource } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { aRejectedTx } from '../mothers/chain-mothers.js'
import { upstreamLifecycleTests } from './upstream-lifecycle-tests.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** A RejectedTxSource under test and the transaction validator behind it. */
export interface RejectedTxSourceHarness extends Cleanup {
  readonly source: RejectedTxSource
  /** The validator reports `rejected` on the adapter's stream (the source is started first). */
  emit(rejected: RejectedTx): Promise<void>
}

export function describeRejectedTxSourceCompliance(
  name: string,
  setup: () => Promise<RejectedTxSourceHarness>,
): void {
  describe(`${name} (RejectedTxSource compliance)`, () => {
    const harness = useHarness(setup, (h) => h.source.stop())
    const started = async (): Promise<RejectedTxSourceHarness> => {
      const h = harness()
      await h.source.start()
      await waitFor(() => h.source.status().state === 'up', { what: `${name} up` })
      return h
    }

    upstreamLifecycleTests(() => harness().source)

    it('delivers rejections to every subscriber, in order', async () => {
      const h = harness()
      const early: RejectedTx[] = []
      const late: RejectedTx[] = []
      h.source.subscribe((rejected) => early.push(rejected))
      await started()
      h.source.subscribe((rejected) => late.push(rejected))
      const sent = [aRejectedTx(), aRejectedTx({ reason: 'double spend: 採掘 ✓' }), aRejectedTx()]
      for (const rejected of sent) await h.emit(rejected)
      await waitFor(() => early.length >= sent.length && late.length >= sent.length, {
        what: 'every rejection delivered',
      })
      expect(early).toEqual(sent)
      expect(late).toEqual(sent)
    })

    it('stops delivering to a listener once it unsubscribes', async () => {
      const h = await started()
      const dropped: RejectedTx[] = []
      const kept: RejectedTx[] = []
      const unsubscribe = h.source.subscribe((rejected) => dropped.push(rejected))
      h.source.subscribe((rejected) => kept.push(rejected))
      const first = aRejectedTx()
      await h.emit(first)
      await waitFor(() => dropped.length === 1 && kept.length === 1, { what: 'first rejection delivered' })
      unsubscribe()
      unsubscribe()
      const second = aRejectedTx()
      await h.emit(second)
      await waitFor(() => kept.length === 2, { what: 'second rejection delivered to the remaining listener' })
      expect(dropped).toEqual([first])
      expect(kept).toEqual([first, second])
    })
  })
}
