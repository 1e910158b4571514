import { MemoryRejectedTxSource } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { describeRejectedTxSourceCompliance } from '../compliance/rejected-tx-source-compliance.js'
import { aRejectedTx } from '../mothers/chain-mothers.js'

describeRejectedTxSourceCompliance('MemoryRejectedTxSource', async () => {
  const source = new MemoryRejectedTxSource()
  return { source, emit: async (rejected) => source.emit(rejected), cleanup: async () => {} }
})

describe('MemoryRejectedTxSource', () => {
  it('refuses to emit unless started', async () => {
    const source = new MemoryRejectedTxSource()
    expect(() => source.emit(aRejectedTx())).toThrow(/before start/)
    await source.start()
    await source.stop()
    expect(() => source.emit(aRejectedTx())).toThrow(/after stop/)
  })

  it('hands raw values to subscribers untouched', async () => {
    const source = new MemoryRejectedTxSource()
    await source.start()
    const seen: unknown[] = []
    source.subscribe((rejected) => seen.push(rejected))
    source.emitRaw(null)
    source.emitRaw({ txId: 'not a hash' })
    expect(seen).toEqual([null, { txId: 'not a hash' }])
    expect(source.listenerCount).toBe(1)
  })
})
