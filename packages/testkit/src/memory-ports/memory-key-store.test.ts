import { MemoryKeyStore } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { expectCodedRejection } from '../compliance/coded-rejection.js'
import { describeKeyStoreCompliance } from '../compliance/key-store-compliance.js'
import { aRawKey } from '../mothers/identity-mothers.js'

describeKeyStoreCompliance('MemoryKeyStore', async () => {
  const store = new MemoryKeyStore()
  return { store, corrupt: async () => store.setCorrupt(), cleanup: async () => {} }
})

describe('MemoryKeyStore', () => {
  it('can start with a key, copied in', async () => {
    const key = aRawKey()
    const store = new MemoryKeyStore({ initialKey: key })
    const expected = Array.from(key)
    key.fill(0)
    expect(Array.from((await store.load()) ?? [])).toEqual(expected)
    expect(Array.from(store.key ?? [])).toEqual(expected)
  })

  it('refuses a preloaded key of the wrong length at once', () => {
    expect(() => new MemoryKeyStore({ initialKey: new Uint8Array(32) })).toThrow(/64 bytes/)
  })

  it('counts saves, and loads again once no longer corrupt', async () => {
    const store = new MemoryKeyStore()
    await store.save(aRawKey())
    await expectCodedRejection(store.save(new Uint8Array(10)), 'invalid_key')
    expect(store.saveCount).toBe(1)
    store.setCorrupt()
    await expectCodedRejection(store.load(), 'invalid_key')
    store.setCorrupt(false)
    expect(await store.load()).toHaveLength(64)
  })
})
