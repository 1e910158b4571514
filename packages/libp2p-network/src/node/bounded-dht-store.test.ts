import { describe, expect, it } from 'vitest'
import { BoundedDhtStore } from './bounded-dht-store.js'

/** A datastore of the shape kad-dht uses, in a Map; `query` passes through the bound untouched. */
class MapStore {
  readonly data = new Map<string, Uint8Array>()
  async put(key: { toString(): string }, value: Uint8Array) {
    this.data.set(key.toString(), value)
    return key
  }
  async delete(key: { toString(): string }) {
    this.data.delete(key.toString())
  }
  keys(prefix: string): string[] {
    return [...this.data.keys()].filter((key) => key.startsWith(prefix))
  }
}

const key = (name: string) => ({ toString: () => name })
const provider = (cid: string, peer: string) => key(`/dht/provider/${cid}/${peer}`)
const VALUE = new Uint8Array([1])

function setup(limits = { maxProviderRecords: 5, maxProviderRecordsPerPeer: 3, maxValueRecords: 2 }) {
  const inner = new MapStore()
  const bounded = new BoundedDhtStore({ inner }, { ...limits, self: 'self' })
  return { inner, bounded, store: bounded.datastore as MapStore }
}

describe('BoundedDhtStore', () => {
  it('stores at most the per-peer cap of new provider records; renewals always pass', async () => {
    const { inner, bounded, store } = setup()
    for (let i = 0; i < 10; i++) await store.put(provider(`cid${i}`, 'flooder'), VALUE)
    expect(inner.keys('/dht/provider/')).toHaveLength(3)
    await store.put(provider('cid0', 'flooder'), VALUE)
    expect(bounded.stats()).toMatchObject({ providerRecords: 3, refused: 7 })
  })

  it('deletes the oldest record of another peer when full, never our own', async () => {
    const { inner, bounded, store } = setup()
    await store.put(provider('topic', 'self'), VALUE)
    for (const peer of ['a', 'b', 'c', 'd', 'e', 'f']) await store.put(provider('cid', peer), VALUE)
    expect(inner.keys('/dht/provider/').sort()).toEqual(
      ['/dht/provider/topic/self', ...['c', 'd', 'e', 'f'].map((peer) => `/dht/provider/cid/${peer}`)].sort(),
    )
    expect(bounded.stats()).toMatchObject({ providerRecords: 5, evicted: 2 })
  })

  it('forgets records the DHT deletes (its 48-hour cleanup), freeing the peer’s places', async () => {
    const { bounded, store } = setup()
    for (let i = 0; i < 3; i++) await store.put(provider(`cid${i}`, 'p'), VALUE)
    await store.delete(provider('cid0', 'p'))
    await store.put(provider('cid9', 'p'), VALUE)
    expect(bounded.stats()).toMatchObject({ providerRecords: 3, refused: 0 })
  })

  it('bounds value records, and leaves other keys alone', async () => {
    const { inner, store } = setup()
    for (let i = 0; i < 5; i++) await store.put(key(`/dht/record/r${i}`), VALUE)
    for (let i = 0; i < 5; i++) await store.put(key(`/peers/p${i}`), VALUE)
    expect(inner.keys('/dht/record/')).toEqual(['/dht/record/r3', '/dht/record/r4'])
    expect(inner.keys('/peers/')).toHaveLength(5)
  })
})
