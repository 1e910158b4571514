import { type ChainEvent, type ChainNotifier, UINT32_MAX, UINT64_MAX } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { aChainEvent, aChainEventWithoutBaseUrl } from '../mothers/chain-mothers.js'
import { aHeaderRecord, type HeaderRecord } from '../mothers/header-mothers.js'
import { aHash } from '../mothers/identity-mothers.js'
import { expectCodedRejection } from './coded-rejection.js'
import { upstreamLifecycleTests } from './upstream-lifecycle-tests.js'
import { type Cleanup, useHarness } from './use-harness.js'

/**
 * A ChainNotifier under test and the blockchain service behind it (in memory, or a test server
 * the adapter talks to). Each method resolves once the service will act accordingly.
 */
export interface ChainNotifierHarness extends Cleanup {
  readonly notifier: ChainNotifier
  /** The service emits `event` on the adapter's stream (the notifier is started first). */
  emit(event: ChainEvent): Promise<void>
  /**
   * The service knows this header; look-ups by its hash must answer with exactly `record.info`.
   * `record.header` is the 80-byte header itself, for services that send header bytes.
   */
  setHeader(record: HeaderRecord): Promise<void>
  /** As `setHeader`, and it becomes the best header. */
  setBestHeader(record: HeaderRecord): Promise<void>
}

/** Matches on kind and hash, and on baseUrl when one was sent; a missing baseUrl may arrive empty. */
function expectSameEvents(received: readonly ChainEvent[], sent: readonly ChainEvent[]): void {
  expect(received.map((e) => ({ kind: e.kind, hash: e.hash }))).toEqual(
    sent.map((e) => ({ kind: e.kind, hash: e.hash })),
  )
  expect(received.map((e) => e.baseUrl || undefined)).toEqual(sent.map((e) => e.baseUrl))
}

export function describeChainNotifierCompliance(
  name: string,
  setup: () => Promise<ChainNotifierHarness>,
): void {
  describe(`${name} (ChainNotifier compliance)`, () => {
    const harness = useHarness(setup, (h) => h.notifier.stop())
    const started = async (): Promise<ChainNotifierHarness> => {
      const h = harness()
      await h.notifier.start()
      await waitFor(() => h.notifier.status().state === 'up', { what: `${name} up` })
      return h
    }

    upstreamLifecycleTests(() => harness().notifier)

    it('delivers events to every subscriber, in order', async () => {
      const h = harness()
      const early: ChainEvent[] = []
      const late: ChainEvent[] = []
      h.notifier.subscribe((event) => early.push(event))
      await started()
      h.notifier.subscribe((event) => late.push(event))
      const sent = [
        aChainEvent({ kind: 'block' }),
        aChainEventWithoutBaseUrl({ kind: 'subtree' }),
        aChainEvent({ kind: 'miningOn' }),
        aChainEvent({ kind: 'block' }),
      ]
      for (const event of sent) await h.emit(event)
      await waitFor(() => early.length >= sent.length && late.length >= sent.length, {
        what: 'every event delivered',
      })
      expectSameEvents(early, sent)
      expectSameEvents(late, sent)
    })

    it('stops delivering to a listener once it unsubscribes', async () => {
      const h = await started()
      const dropped: ChainEvent[] = []
      const kept: ChainEvent[] = []
      const unsubscribe = h.notifier.subscribe((event) => dropped.push(event))
      h.notifier.subscribe((event) => kept.push(event))
      const first = aChainEvent()
      await h.emit(first)
      await waitFor(() => dropped.length === 1 && kept.length === 1, { what: 'first event delivered' })
      unsubscribe()
      unsubscribe()
      const second = aChainEvent()
      await h.emit(second)
      await waitFor(() => kept.length === 2, { what: 'second event delivered to the remaining listener' })
      expectSameEvents(dropped, [first])
      expectSameEvents(kept, [first, second])
    })

    it('answers header look-ups with the stored info intact, uint64 values past 2^53 included', async () => {
      const h = await started()
      const big = aHeaderRecord({
        height: UINT32_MAX,
        txCount: 2n ** 53n + 1n,
        sizeInBytes: UINT64_MAX,
        miner: '/Mined by Teranode/ ✓ 採掘',
      })
      const other = aHeaderRecord()
      await h.setHeader(big)
      await h.setHeader(other)
      expect(await h.notifier.blockHeader(big.info.hash)).toEqual(big.info)
      expect(await h.notifier.blockHeader(other.info.hash)).toEqual(other.info)
    })

    it('answers the best header, following changes', async () => {
      const h = await started()
      const first = aHeaderRecord({ txCount: 2n ** 60n, sizeInBytes: 2n ** 53n + 3n })
      await h.setBestHeader(first)
      expect(await h.notifier.bestBlockHeader()).toEqual(first.info)
      const next = aHeaderRecord({ previousHash: first.info.hash, height: first.info.height + 1 })
      await h.setBestHeader(next)
      expect(await h.notifier.bestBlockHeader()).toEqual(next.info)
      expect(await h.notifier.blockHeader(first.info.hash)).toEqual(first.info)
    })

    it('rejects a look-up of an unknown hash with an upstream_* P2PError', async () => {
      const h = await started()
      await h.setHeader(aHeaderRecord())
      await expectCodedRejection(h.notifier.blockHeader(aHash()), /^upstream_/)
    })

    it('rejects a look-up whose signal is already aborted with a coded P2PError', async () => {
      const h = await started()
      const header = aHeaderRecord()
      await h.setBestHeader(header)
      await expectCodedRejection(h.notifier.blockHeader(header.info.hash, AbortSignal.abort()))
      await expectCodedRejection(h.notifier.bestBlockHeader(AbortSignal.abort()))
    })
  })
}
