import type { PeerId as Libp2pPeerId } from '@libp2p/interface'

/** What of a datastore key and a datastore this needs (structurally, kad-dht's `interface-datastore`). */
interface Key {
  toString(): string
}
interface Datastore {
  put(key: Key, value: Uint8Array, options?: object): unknown
  delete(key: Key, options?: object): unknown
}

/** kad-dht's default `datastorePrefix`; provider records go under `<prefix>/provider/<cid>/<peer>`. */
const DHT_PREFIX = '/dht'
const PROVIDER_PREFIX = `${DHT_PREFIX}/provider/`
const RECORD_PREFIX = `${DHT_PREFIX}/record/`

export interface DhtStoreLimits {
  /** Provider records held at most (all peers); past it the oldest is deleted. */
  readonly maxProviderRecords: number
  /** Provider records of one provider at most; its further new ones are not stored. */
  readonly maxProviderRecordsPerPeer: number
  /** Value records (PUT_VALUE) held at most; past it the oldest is deleted. */
  readonly maxValueRecords: number
}

export interface BoundedDhtStoreDeps {
  /** libp2p's datastore, which keeps the records. */
  readonly inner: Datastore
}

export interface BoundedDhtStoreOptions extends DhtStoreLimits {
  /** Our own peer id: our own provider records are never refused or evicted. */
  readonly self: string
}

/**
 * What the DHT needs of libp2p's components here. Only `datastore` is replaced; everything else
 * is read through, since libp2p's components object resolves services lazily.
 */
interface DhtComponents {
  readonly datastore: Datastore
  readonly peerId: Libp2pPeerId
}

/** Counts of what the bound did (diagnostics, tests). */
export interface DhtStoreStats {
  readonly providerRecords: number
  readonly valueRecords: number
  readonly evicted: number
  readonly refused: number
}

/**
 * Wraps a kad-dht service factory so that its provider and value records are bounded.
 * `@libp2p/kad-dht` 16 keeps every ADD_PROVIDER it is sent in libp2p's datastore (in memory)
 * for 48 h, with no limit on their number: one peer sending 200,000 cost 400 MB, still held
 * after it left. Its `providers: { cacheSize, cleanupInterval, provideValidity }` options are
 * declared but read by nothing, so the bound sits on the datastore the DHT is given.
 */
export function boundedDht<C extends DhtComponents, T>(
  factory: (components: C) => T,
  limits: DhtStoreLimits,
  onStore?: (store: BoundedDhtStore) => void,
): (components: C) => T {
  return (components) => {
    const store = new BoundedDhtStore(
      { inner: components.datastore },
      { ...limits, self: components.peerId.toString() },
    )
    onStore?.(store)
    const view = new Proxy(components, {
      get: (target, property, receiver) =>
        property === 'datastore' ? store.datastore : Reflect.get(target, property, receiver),
    })
    return factory(view)
  }
}

/**
 * Tracks the DHT's record keys in insertion order (so the oldest is found without a scan) and
 * per provider. kad-dht writes records only with `put` and removes them with `delete`; every other
 * datastore call passes straight through.
 */
export class BoundedDhtStore {
  /** The datastore to give the DHT: `inner` with `put` and `delete` bounded. */
  readonly datastore: Datastore
  /** Provider records by key, oldest first, with their provider. */
  private readonly providers = new Map<string, { readonly peer: string; readonly key: Key }>()
  private readonly perPeer = new Map<string, number>()
  private readonly values = new Map<string, Key>()
  private evicted = 0
  private refused = 0

  private readonly inner: Datastore

  constructor(
    deps: BoundedDhtStoreDeps,
    private readonly options: BoundedDhtStoreOptions,
  ) {
    this.inner = deps.inner
    this.datastore = new Proxy(deps.inner, {
      get: (target, property, receiver) => {
        if (property === 'put') return this.put
        if (property === 'delete') return this.delete
        const value = Reflect.get(target, property, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }

  stats(): DhtStoreStats {
    return {
      providerRecords: this.providers.size,
      valueRecords: this.values.size,
      evicted: this.evicted,
      refused: this.refused,
    }
  }

  private readonly put = async (key: Key, value: Uint8Array, options?: object): Promise<unknown> => {
    const name = key.toString()
    if (name.startsWith(PROVIDER_PREFIX)) {
      if (!this.admitProvider(name, key)) return key
    } else if (name.startsWith(RECORD_PREFIX) && !this.values.has(name)) {
      if (this.values.size >= this.options.maxValueRecords) await this.evictOldestValue()
      this.values.set(name, key)
    }
    return this.inner.put(key, value, options)
  }

  private readonly delete = async (key: Key, options?: object): Promise<void> => {
    this.forget(key.toString())
    await this.inner.delete(key, options)
  }

  /** Books a provider record in, or says it must not be stored. Our own records are never refused. */
  private admitProvider(name: string, key: Key): boolean {
    const peer = name.slice(name.lastIndexOf('/') + 1)
    if (this.providers.has(name)) {
      // A renewal: moved to the end, as the newest.
      this.providers.delete(name)
      this.providers.set(name, { peer, key })
      return true
    }
    const count = this.perPeer.get(peer) ?? 0
    if (peer !== this.options.self && count >= this.options.maxProviderRecordsPerPeer) {
      this.refused++
      return false
    }
    if (this.providers.size >= this.options.maxProviderRecords) this.evictOldestProvider()
    this.providers.set(name, { peer, key })
    this.perPeer.set(peer, count + 1)
    return true
  }

  private evictOldestProvider(): void {
    for (const [name, { peer, key }] of this.providers) {
      // Our own records are what the DHT re-provides from; they are few (one per topic).
      if (peer === this.options.self) continue
      this.forget(name)
      this.evicted++
      // Not awaited: the record is already out of the books, and a failed delete leaves one
      // record to the DHT's own 48-hour cleanup.
      Promise.resolve(this.inner.delete(key)).catch(() => {})
      return
    }
  }

  private async evictOldestValue(): Promise<void> {
    const oldest = this.values.entries().next()
    if (oldest.done) return
    const [name, key] = oldest.value
    this.values.delete(name)
    this.evicted++
    await Promise.resolve(this.inner.delete(key)).catch(() => {})
  }

  private forget(name: string): void {
    const peer = this.providers.get(name)?.peer
    if (peer !== undefined) {
      this.providers.delete(name)
      const count = (this.perPeer.get(peer) ?? 1) - 1
      if (count <= 0) this.perPeer.delete(peer)
      else this.perPeer.set(peer, count)
      return
    }
    this.values.delete(name)
  }
}
