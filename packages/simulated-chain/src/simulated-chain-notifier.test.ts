import type { ChainEvent } from '@p2p/domain'
import {
  aChainEvent,
  aHash,
  aHeaderRecord,
  describeChainNotifierCompliance,
  expectCodedRejection,
  FakeClock,
} from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { SimulatedChain } from './simulated-chain.js'
import { SimulatedChainNotifier } from './simulated-chain-notifier.js'

describeChainNotifierCompliance('SimulatedChainNotifier', async () => {
  const clock = new FakeClock()
  const chain = new SimulatedChain({ clock })
  const notifier = new SimulatedChainNotifier({ chain })
  return {
    notifier,
    emit: async (event) => chain.emit(event),
    setHeader: async ({ info, header }) => chain.addHeader(info, header),
    setBestHeader: async ({ info, header }) => {
      chain.addHeader(info, header)
      chain.setBest(info.hash)
    },
    // Runs after the suite's stop: whatever the test did, no timer may outlive the notifier.
    cleanup: async () => expect(clock.pendingTimers).toBe(0),
  }
})

function setUp(options: ConstructorParameters<typeof SimulatedChain>[1] = {}) {
  const clock = new FakeClock()
  const errors: unknown[] = []
  const chain = new SimulatedChain({ clock, onError: (error) => errors.push(error) }, options)
  const notifier = new SimulatedChainNotifier({ chain })
  const events: ChainEvent[] = []
  notifier.subscribe((event) => events.push(event))
  return { clock, chain, notifier, events, errors }
}

describe('SimulatedChainNotifier', () => {
  it('answers the genesis-like best header before any block is mined', async () => {
    const { chain, notifier } = setUp({ startHeight: 100 })
    await notifier.start()
    const best = await notifier.bestBlockHeader()
    expect(best.height).toBe(100)
    expect(best).toEqual(chain.bestHeaderRecord().info)
    expect(await notifier.blockHeader(best.hash)).toEqual(best)
  })

  it('relays the chain it drives while started, and nothing once stopped', async () => {
    const { clock, notifier, events } = setUp({ jitter: 0 })
    clock.advance(30_000)
    expect(events).toEqual([])
    await notifier.start()
    clock.advance(10_000)
    expect(events.map((e) => e.kind)).toEqual([...Array(10).fill('subtree'), 'block', 'miningOn'])
    const block = events.at(-2) as ChainEvent
    expect((await notifier.bestBlockHeader()).hash).toBe(block.hash)
    await notifier.stop()
    expect(clock.pendingTimers).toBe(0)
    clock.advance(60_000)
    expect(events).toHaveLength(12)
  })

  it('refuses look-ups before start with not_started and after stop with stopped', async () => {
    const { chain, notifier } = setUp()
    const { hash } = chain.bestHeaderRecord().info
    await expectCodedRejection(notifier.bestBlockHeader(), 'not_started')
    await expectCodedRejection(notifier.blockHeader(hash), 'not_started')
    await notifier.start()
    await notifier.stop()
    await expectCodedRejection(notifier.blockHeader(hash), 'stopped')
    await expectCodedRejection(notifier.start(), 'stopped')
  })

  it('answers an unknown hash with upstream_failed and a timed-out signal with upstream_timeout', async () => {
    const { notifier } = setUp()
    await notifier.start()
    await expectCodedRejection(notifier.blockHeader(aHash()), 'upstream_failed')
    const timedOut = new AbortController()
    timedOut.abort(new DOMException('deadline', 'TimeoutError'))
    await expectCodedRejection(notifier.bestBlockHeader(timedOut.signal), 'upstream_timeout')
    await expectCodedRejection(notifier.bestBlockHeader(AbortSignal.abort()), 'stopped')
    await notifier.stop()
  })

  it('stamps status changes with the chain clock', async () => {
    const { clock, notifier } = setUp()
    const startMs = clock.now()
    expect(notifier.status()).toEqual({ state: 'connecting', detail: 'not started', sinceMs: startMs })
    clock.advance(5)
    await notifier.start()
    expect(notifier.status()).toEqual({ state: 'up', sinceMs: startMs + 5 })
    clock.advance(5)
    await notifier.stop()
    expect(notifier.status()).toEqual({ state: 'down', detail: 'stopped', sinceMs: startMs + 10 })
  })

  it('keeps delivering to the other listeners when one throws, and reports the error', async () => {
    const { chain, notifier, events, errors } = setUp()
    notifier.subscribe(() => {
      throw new Error('listener broke')
    })
    const after: ChainEvent[] = []
    notifier.subscribe((event) => after.push(event))
    await notifier.start()
    const event = aChainEvent()
    chain.emit(event)
    expect(events).toEqual([event])
    expect(after).toEqual([event])
    expect(errors).toEqual([expect.objectContaining({ name: 'P2PError', code: 'internal' })])
    await notifier.stop()
  })

  it('answers a header added with its bytes exactly as given', async () => {
    const { chain, notifier } = setUp()
    await notifier.start()
    const record = aHeaderRecord({ txCount: 2n ** 60n })
    chain.addHeader(record.info, record.header)
    expect(await notifier.blockHeader(record.info.hash)).toEqual(record.info)
    expect(chain.headerRecord(record.info.hash)?.header).toEqual(record.header)
    await notifier.stop()
  })
})
