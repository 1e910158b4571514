import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  PeerCache,
  type PeerCacheHost,
  type PeerCacheOptions,
  type TopicPeerAddresses,
} from './peer-cache.js'
import { PEER_CACHE_FILE_NAME } from './peer-cache-file.js'

const A = '12D3KooWPmb4B4yJkyBqnpLuMvHhF65uQi7xvSXVC4LJn7YE5gth'
const B = '12D3KooWGJRqVykEc7RgWNqBwReAwkLkn2F2oZC3EGPnhpYAPf3c'
const C = '12D3KooWG3eo6wLhMp6HMBpprC8NMastu2okAaQDDpdotrks3QA2'
const D = '12D3KooWSjYfxVVxH7GgoSXU5VYNYmKdockK1CDNpcoZiaHWTBgH'
const HOUR = 60 * 60 * 1000
const NOW = Date.parse('2026-03-01T12:00:00.000Z')

class FakeHost implements PeerCacheHost {
  live: TopicPeerAddresses[] = []
  /** When each listing (one per write) happened, on the real clock. */
  readonly listings: number[] = []
  readonly dials: Array<{ id: string; addresses: readonly string[] }> = []
  inFlight = 0
  maxInFlight = 0
  /** Dials of these ids never answer until aborted. */
  readonly hanging = new Set<string>()
  readonly refusing = new Set<string>()
  readonly aborted: string[] = []

  async topicPeers(): Promise<readonly TopicPeerAddresses[]> {
    this.listings.push(performance.now())
    return this.live
  }

  async dial(id: string, addresses: readonly string[], signal: AbortSignal): Promise<void> {
    this.dials.push({ id, addresses })
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      await new Promise<void>((resolve, reject) => {
        if (this.hanging.has(id)) {
          signal.addEventListener('abort', () => {
            this.aborted.push(id)
            reject(signal.reason)
          })
          return
        }
        setTimeout(() => (this.refusing.has(id) ? reject(new Error('connection refused')) : resolve()), 5)
      })
    } finally {
      this.inFlight--
    }
  }
}

describe('PeerCache', () => {
  let dir: string
  let now: number
  const caches: PeerCache[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-peer-cache-'))
    now = NOW
  })
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((cache) => cache.stop()))
    await rm(dir, { recursive: true, force: true })
  })

  function make(options: Partial<PeerCacheOptions> = {}) {
    const host = new FakeHost()
    const logger = new MemoryLogger()
    const cache = new PeerCache({ host, logger, now: () => now }, { dir, writeIntervalMs: 50, ...options })
    caches.push(cache)
    return { host, logger, cache }
  }

  const path = () => join(dir, PEER_CACHE_FILE_NAME)
  const readCache = async () => JSON.parse(await readFile(path(), 'utf8')) as Array<Record<string, unknown>>
  const seed = (entries: unknown) => writeFile(path(), JSON.stringify(entries))

  it('writes connected topic peers a while after one connects, one write for a burst, mode 0600', async () => {
    const { host, cache, logger } = make({ writeIntervalMs: 150 })
    await cache.start()
    expect(host.dials).toEqual([])
    host.live = [
      { id: A, addresses: ['/ip4/1.2.3.4/tcp/9905', `/ip4/1.2.3.4/tcp/9905/p2p/${A}`] },
      { id: B, addresses: ['/ip4/5.6.7.8/tcp/9905'] },
    ]
    for (let i = 0; i < 20; i++)
      cache.topicPeerConnected(i % 2 === 0 ? A : B, i === 0 ? 'teranode-eu' : undefined)
    await waitFor(async () => (await readCache().catch(() => [])).length === 2, { what: 'the first write' })
    expect(host.listings).toHaveLength(1)
    expect(await readCache()).toEqual([
      { id: A, name: 'teranode-eu', addrs: ['/ip4/1.2.3.4/tcp/9905'], last_seen: '2026-03-01T12:00:00.000Z' },
      { id: B, addrs: ['/ip4/5.6.7.8/tcp/9905'], last_seen: '2026-03-01T12:00:00.000Z' },
    ])
    expect((await stat(path())).mode & 0o777).toBe(0o600)
    expect((await readFile(path(), 'utf8')).split('\n')[1]).toBe('  {')

    now += 1_000
    cache.topicPeerConnected(A)
    await waitFor(() => host.listings.length === 2, { what: 'the second write' })
    const [first = 0, second = 0] = host.listings
    // Timers may fire a millisecond early on some platforms.
    expect(second - first).toBeGreaterThanOrEqual(145)
    expect(logger.filter('warn')).toEqual([])
  })

  it('loads the file: drops expired entries, keeps undated ones, skips malformed ones, keeps the newest within the bound, dials the rest', async () => {
    await seed([
      { id: A, name: 'fresh', addrs: ['/ip4/1.1.1.1/tcp/1'], last_seen: new Date(NOW - HOUR).toISOString() },
      { id: B, addrs: ['/ip4/2.2.2.2/tcp/1'], last_seen: new Date(NOW - 25 * HOUR).toISOString() },
      { id: C, addrs: ['/ip4/3.3.3.3/tcp/1'] },
      { id: D, addrs: ['/ip4/4.4.4.4/tcp/1'], last_seen: new Date(NOW - 2 * HOUR).toISOString() },
      { id: 'junk', addrs: [] },
      { nothing: true },
    ])
    const { host, cache, logger } = make({ maxEntries: 3 })
    await cache.start()
    await waitFor(() => logger.find('info', 'dialled the cached peers') !== undefined, { what: 'the dials' })
    expect(host.dials).toEqual(
      expect.arrayContaining([
        { id: A, addresses: ['/ip4/1.1.1.1/tcp/1'] },
        { id: C, addresses: ['/ip4/3.3.3.3/tcp/1'] },
        { id: D, addresses: ['/ip4/4.4.4.4/tcp/1'] },
      ]),
    )
    expect(host.dials).toHaveLength(3)
    expect(logger.find('info', 'loaded the peer cache')?.context).toMatchObject({
      peers: 3,
      expired: 1,
      malformed: 2,
      overBound: 0,
    })
    expect(logger.find('info', 'dialled the cached peers')?.context).toEqual({ dialled: 3, connected: 3 })
    // The undated entry is aged from the load, so it cannot outlive a TTL.
    expect(cache.peers().find((peer) => peer.id === C)?.lastSeen).toBe(NOW)
  })

  it('keeps the newest entries when the file holds more than the bound', async () => {
    await seed(
      [A, B, C, D].map((id, i) => ({
        id,
        addrs: [`/ip4/10.0.0.${i}/tcp/1`],
        last_seen: new Date(NOW - (i + 1) * HOUR).toISOString(),
      })),
    )
    const { host, cache, logger } = make({ maxEntries: 2 })
    await cache.start()
    await waitFor(() => host.dials.length === 2, { what: 'two dials' })
    expect(new Set(host.dials.map((dial) => dial.id))).toEqual(new Set([A, B]))
    expect(logger.find('info', 'loaded the peer cache')?.context).toMatchObject({ peers: 2, overBound: 2 })
  })

  it('dials a bounded number at once, logs failures at debug only, and stop aborts the dials', async () => {
    await seed(
      [A, B, C, D].map((id, i) => ({
        id,
        addrs: [`/ip4/10.0.0.${i}/tcp/1`],
        last_seen: new Date(NOW).toISOString(),
      })),
    )
    const { host, cache, logger } = make({ dialConcurrency: 2 })
    host.refusing.add(A)
    host.refusing.add(B)
    host.hanging.add(C)
    host.hanging.add(D)
    await cache.start()
    await waitFor(() => host.dials.length === 4, { what: 'every peer dialled' })
    expect(host.maxInFlight).toBe(2)
    expect(logger.filter('debug', 'could not dial a cached peer').map((entry) => entry.context.peer)).toEqual(
      [A, B],
    )
    expect(logger.filter('warn')).toEqual([])
    await cache.stop()
    expect(host.aborted.sort()).toEqual([C, D].sort())
    expect(host.inFlight).toBe(0)
    // An aborted dial is not a failure worth a line, and the summary is not given for a stopped run.
    expect(logger.filter('debug', 'could not dial a cached peer')).toHaveLength(2)
    expect(logger.find('info', 'dialled the cached peers')).toBeUndefined()
  })

  it('gives up a dial that does not answer in time', async () => {
    await seed([{ id: A, addrs: ['/ip4/10.0.0.1/tcp/1'], last_seen: new Date(NOW).toISOString() }])
    const { host, cache, logger } = make({ dialTimeoutMs: 30 })
    host.hanging.add(A)
    await cache.start()
    await waitFor(() => logger.find('info', 'dialled the cached peers') !== undefined, {
      what: 'the dial to end',
    })
    expect(logger.find('debug', 'could not dial a cached peer')?.context.error).toMatch(/DeadlineError/)
  })

  it('treats an unparsable file as empty, says why, and replaces it at the next write', async () => {
    await writeFile(path(), '[{"id": "12D3Koo')
    const { host, cache, logger } = make()
    await cache.start()
    expect(
      logger.find('warn', 'ignoring the peer cache file; starting without cached peers')?.context.reason,
    ).toMatch(/^not JSON/)
    expect(host.dials).toEqual([])
    host.live = [{ id: A, addresses: ['/ip4/1.2.3.4/tcp/1'] }]
    cache.topicPeerConnected(A)
    await waitFor(async () => (await readCache().catch(() => [])).length === 1, { what: 'the rewrite' })
  })

  it('writes once more at stop, keeps file peers that did not come back, and leaves no timer', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
    const before = timers()
    await seed([
      { id: B, name: 'old', addrs: ['/ip4/2.2.2.2/tcp/1'], last_seen: new Date(NOW - HOUR).toISOString() },
    ])
    const { host, cache } = make({ writeIntervalMs: 60_000 })
    host.refusing.add(B)
    await cache.start()
    host.live = [{ id: A, addresses: ['/ip4/1.2.3.4/tcp/1'] }]
    cache.topicPeerConnected(A, 'new')
    await cache.stop()
    expect(host.listings).toHaveLength(1)
    expect(await readCache()).toEqual([
      { id: B, name: 'old', addrs: ['/ip4/2.2.2.2/tcp/1'], last_seen: new Date(NOW - HOUR).toISOString() },
      { id: A, name: 'new', addrs: ['/ip4/1.2.3.4/tcp/1'], last_seen: new Date(NOW).toISOString() },
    ])
    cache.topicPeerConnected(A)
    await cache.stop()
    expect(host.listings).toHaveLength(1)
    expect(timers()).toBeLessThanOrEqual(before)
  })

  it('drops entries whose TTL passed while running', async () => {
    const { host, cache } = make({ ttlMs: HOUR })
    await cache.start()
    host.live = [{ id: A, addresses: ['/ip4/1.2.3.4/tcp/1'] }]
    cache.topicPeerConnected(A)
    await waitFor(() => host.listings.length === 1, { what: 'the first write' })
    host.live = [{ id: B, addresses: ['/ip4/5.6.7.8/tcp/1'] }]
    now += 2 * HOUR
    cache.topicPeerConnected(B)
    await cache.stop()
    expect((await readCache()).map((entry) => entry.id)).toEqual([B])
  })

  it('reports a failed write once at warn, and tries again at the next change', async () => {
    // A file where the directory should be: every write fails.
    await writeFile(join(dir, 'blocked'), '')
    const host = new FakeHost()
    const logger = new MemoryLogger()
    const cache = new PeerCache(
      { host, logger, now: () => now },
      { dir: join(dir, 'blocked'), writeIntervalMs: 20 },
    )
    caches.push(cache)
    await cache.start()
    host.live = [{ id: A, addresses: ['/ip4/1.2.3.4/tcp/1'] }]
    cache.topicPeerConnected(A)
    await waitFor(() => logger.find('warn', 'could not write the peer cache') !== undefined, {
      what: 'a failure',
    })
    cache.topicPeerConnected(A)
    await waitFor(() => logger.find('debug', 'could not write the peer cache') !== undefined, {
      what: 'a retry',
    })
    expect(logger.filter('warn', 'could not write the peer cache')).toHaveLength(1)
    expect(host.listings).toHaveLength(2)
  })

  it('does not dial a cached peer that connected while the file was read, but keeps what the file knew of it', async () => {
    await seed([
      {
        id: A,
        name: 'from-file',
        addrs: ['/ip4/1.1.1.1/tcp/1'],
        last_seen: new Date(NOW - HOUR).toISOString(),
      },
      { id: B, addrs: ['/ip4/2.2.2.2/tcp/1'], last_seen: new Date(NOW - HOUR).toISOString() },
    ])
    const { host, cache } = make()
    cache.topicPeerConnected(A)
    await cache.start()
    await waitFor(() => host.dials.length === 1, { what: 'the dial of B' })
    expect(host.dials[0]?.id).toBe(B)
    expect(cache.peers().find((peer) => peer.id === A)).toEqual({
      id: A,
      name: 'from-file',
      addrs: ['/ip4/1.1.1.1/tcp/1'],
      lastSeen: NOW,
    })
  })

  it('remembers a peer that connected before start, and writes it once started', async () => {
    const { host, cache } = make()
    host.live = [{ id: A, addresses: ['/ip4/1.2.3.4/tcp/1'] }]
    cache.topicPeerConnected(A, 'early')
    await cache.start()
    await waitFor(async () => (await readCache().catch(() => [])).length === 1, {
      what: 'the write after start',
    })
    expect((await readCache())[0]?.name).toBe('early')
  })
})
