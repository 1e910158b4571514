import type { RejectedTx } from '@p2p/domain'
import { describeRejectedTxSourceCompliance, expectCodedRejection, FakeClock } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { REJECT_REASONS } from './chain-data.js'
import { SimulatedChain } from './simulated-chain.js'
import { SimulatedRejectedTxSource } from './simulated-rejected-tx-source.js'

describeRejectedTxSourceCompliance('SimulatedRejectedTxSource', async () => {
  const clock = new FakeClock()
  const chain = new SimulatedChain({ clock })
  const source = new SimulatedRejectedTxSource({ chain })
  return {
    source,
    emit: async (rejected) => chain.emitRejectedTx(rejected),
    cleanup: async () => expect(clock.pendingTimers).toBe(0),
  }
})

describe('SimulatedRejectedTxSource', () => {
  it('relays the chain’s rejected transactions at their rate while started', async () => {
    const clock = new FakeClock()
    const chain = new SimulatedChain({ clock }, { rejectedTxIntervalMs: 7_000, jitter: 0 })
    const source = new SimulatedRejectedTxSource({ chain })
    const received: RejectedTx[] = []
    source.subscribe((rejected) => received.push(rejected))
    await source.start()
    clock.advance(70_000)
    expect(received).toHaveLength(10)
    for (const { txId, reason } of received) {
      expect(txId).toMatch(/^[0-9a-f]{64}$/)
      expect(REJECT_REASONS).toContain(reason)
    }
    await source.stop()
    expect(clock.pendingTimers).toBe(0)
    chain.rejectTx()
    expect(received).toHaveLength(10)
  })

  it('refuses to start again after stop', async () => {
    const source = new SimulatedRejectedTxSource({ chain: new SimulatedChain({ clock: new FakeClock() }) })
    await source.stop()
    await expectCodedRejection(source.start(), 'stopped')
    expect(source.status().state).toBe('down')
  })
})
