import type { ChainEvent } from '@p2p/domain'
import { FakeClock, MemoryChainNotifier } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { describeChainNotifierCompliance } from '../compliance/chain-notifier-compliance.js'
import { expectCodedRejection } from '../compliance/coded-rejection.js'
import { aBlockHeaderInfo, aChainEvent } from '../mothers/chain-mothers.js'
import { aHash } from '../mothers/identity-mothers.js'

describeChainNotifierCompliance('MemoryChainNotifier', async () => {
  const notifier = new MemoryChainNotifier()
  return {
    notifier,
    emit: async (event) => notifier.emit(event),
    setHeader: async ({ info }) => notifier.setHeader(info),
    setBestHeader: async ({ info }) => notifier.setBestHeader(info),
    cleanup: async () => {},
  }
})

describe('MemoryChainNotifier', () => {
  it('rejects look-ups and emits before start with not_started, and after stop with stopped, logging neither', async () => {
    const notifier = new MemoryChainNotifier()
    const header = aBlockHeaderInfo()
    notifier.setBestHeader(header)
    await expectCodedRejection(notifier.bestBlockHeader(), 'not_started')
    await expectCodedRejection(notifier.blockHeader(header.hash), 'not_started')
    expect(() => notifier.emit(aChainEvent())).toThrow(/before start/)
    await notifier.start()
    expect(await notifier.blockHeader(header.hash)).toEqual(header)
    await notifier.stop()
    await expectCodedRejection(notifier.blockHeader(header.hash), 'stopped')
    // Only the look-up that reached the service is logged.
    expect(notifier.lookups).toEqual([{ kind: 'header', hash: header.hash }])
    await expectCodedRejection(notifier.start(), 'stopped')
  })

  it('fails the next n look-ups, then answers again', async () => {
    const notifier = new MemoryChainNotifier()
    const header = aBlockHeaderInfo()
    notifier.setBestHeader(header)
    await notifier.start()
    notifier.failNext(2)
    await expectCodedRejection(notifier.bestBlockHeader(), 'upstream_unavailable')
    await expectCodedRejection(notifier.blockHeader(header.hash), 'upstream_unavailable')
    expect(await notifier.bestBlockHeader()).toEqual(header)
    notifier.failNext(1, 'upstream_timeout')
    await expectCodedRejection(notifier.bestBlockHeader(), 'upstream_timeout')
    expect(notifier.lookups.map((l) => l.kind)).toEqual(['best', 'header', 'best', 'best'])
  })

  it('goes down while unavailable and comes back up, stamping each change with its clock', async () => {
    const clock = new FakeClock({ startMs: 0 })
    const notifier = new MemoryChainNotifier({ clock })
    expect(notifier.status()).toEqual({ state: 'connecting', detail: 'not started', sinceMs: 0 })
    clock.advance(10)
    await notifier.start()
    expect(notifier.status()).toEqual({ state: 'up', sinceMs: 10 })
    clock.advance(10)
    notifier.setUnavailable(true, 'connection refused')
    expect(notifier.status()).toEqual({ state: 'down', detail: 'connection refused', sinceMs: 20 })
    await expectCodedRejection(notifier.bestBlockHeader(), 'upstream_unavailable')
    clock.advance(10)
    notifier.setUnavailable(false)
    expect(notifier.status()).toEqual({ state: 'up', sinceMs: 30 })
  })

  it('rejects the best header look-up while there is none', async () => {
    const notifier = new MemoryChainNotifier()
    await notifier.start()
    await expectCodedRejection(notifier.bestBlockHeader(), 'upstream_failed')
    const error = await expectCodedRejection(notifier.blockHeader(aHash()), 'upstream_failed')
    expect(error.context).toHaveProperty('hash')
  })

  it('hands raw values to subscribers untouched, and keeps delivering past a throwing listener', async () => {
    const notifier = new MemoryChainNotifier()
    await notifier.start()
    const seen: unknown[] = []
    notifier.subscribe(() => {
      throw new Error('listener broke')
    })
    notifier.subscribe((event) => seen.push(event))
    const raw = { kind: 'bogus', hash: 42 }
    expect(() => notifier.emitRaw(raw)).toThrow('listener broke')
    expect(seen).toEqual([raw])
    expect(notifier.listenerCount).toBe(2)
  })

  it('delivers to a listener subscribed twice once per subscription', async () => {
    const notifier = new MemoryChainNotifier()
    await notifier.start()
    const seen: ChainEvent[] = []
    const listener = (event: ChainEvent): void => {
      seen.push(event)
    }
    const first = notifier.subscribe(listener)
    notifier.subscribe(listener)
    notifier.emit(aChainEvent())
    first()
    notifier.emit(aChainEvent())
    expect(seen).toHaveLength(3)
  })
})
