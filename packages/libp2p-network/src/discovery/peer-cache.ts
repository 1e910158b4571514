import { join } from 'node:path'
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { Logger } from '@p2p/domain'
import { withDeadline } from '../util/deadline.js'
import { errorText } from '../util/error-text.js'
import { forEachBounded } from './bounded.js'
import {
  type CachedPeer,
  dialableAddresses,
  PEER_CACHE_FILE_NAME,
  readPeerCacheFile,
  type SeenPeer,
  writePeerCacheFile,
} from './peer-cache-file.js'

/** A connected topic peer and the addresses it can be dialled at. */
export interface TopicPeerAddresses {
  readonly id: string
  readonly addresses: readonly string[]
}

export interface PeerCacheHost {
  /** Connected peers subscribed to one of our topics, with the addresses they can be reached at. */
  topicPeers(): Promise<readonly TopicPeerAddresses[]>
  /** Dials the peer at any of these addresses (bare, without /p2p/<id>). */
  dial(id: string, addresses: readonly string[], signal: AbortSignal): Promise<void>
}

export interface PeerCacheDeps {
  readonly host: PeerCacheHost
  readonly logger: Logger
  /** What `last_seen` and the TTL are measured on. */
  readonly now: () => number
}

export interface PeerCacheOptions {
  /** `p2p_peer_cache_dir`: the file is `<dir>/peer_cache.json`. */
  readonly dir: string
  /** At most one write per this many ms; 5 s by default. */
  readonly writeIntervalMs?: number
  /** Entries last seen longer ago than this are dropped; 24 h by default, as the Go library. */
  readonly ttlMs?: number
  /** The newest this many peers are kept; 1,000 by default. */
  readonly maxEntries?: number
  /** Cached peers dialled at once at start; 8 by default. */
  readonly dialConcurrency?: number
  /** Each dial of a cached peer gives up after this; 10 s by default. */
  readonly dialTimeoutMs?: number
}

export const DEFAULT_PEER_CACHE_TTL_MS = 24 * 60 * 60 * 1000

type State = 'created' | 'started' | 'stopped'

interface Entry {
  name: string | undefined
  addrs: readonly string[]
  lastSeen: number
}

/**
 * The topic peers of earlier runs, kept in `peer_cache.json` so a restarted node finds its
 * network again without bootstrap peers or a DHT (the teranode profile runs with the DHT off).
 * At start the file is loaded and its peers dialled; a topic peer connecting marks the cache
 * dirty, and the file is rewritten at most once per `writeIntervalMs`, and once more at stop.
 *
 * Unlike the Go library, which writes only the peers connected at that moment, peers of the file
 * that did not answer this time are kept until their TTL passes: a node restarted while its
 * neighbours were restarting too still knows them next time.
 */
export class PeerCache {
  readonly path: string
  private readonly entries = new Map<string, Entry>()
  private state: State = 'created'
  private loaded = false
  /** A change not yet written. */
  private dirty = false
  /** A write failed: the next change or the stop tries again (not a timer, so a read-only directory is not a loop). */
  private unsaved = false
  private failedWrites = 0
  private timer: NodeJS.Timeout | undefined
  private aborter: AbortController | undefined
  private loading: Promise<unknown> | undefined
  private dialing: Promise<void> | undefined
  private writing: Promise<void> | undefined
  private stopping: Promise<void> | undefined

  private readonly host: PeerCacheHost
  private readonly logger: Logger
  private readonly now: () => number
  private readonly writeIntervalMs: number
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly dialConcurrency: number
  private readonly dialTimeoutMs: number

  constructor(deps: PeerCacheDeps, options: PeerCacheOptions) {
    this.host = deps.host
    this.logger = deps.logger
    this.now = deps.now
    this.path = join(options.dir, PEER_CACHE_FILE_NAME)
    this.writeIntervalMs = options.writeIntervalMs ?? 5_000
    this.ttlMs = options.ttlMs ?? DEFAULT_PEER_CACHE_TTL_MS
    this.maxEntries = Math.max(1, options.maxEntries ?? 1_000)
    this.dialConcurrency = Math.max(1, options.dialConcurrency ?? 8)
    this.dialTimeoutMs = options.dialTimeoutMs ?? 10_000
  }

  /**
   * Loads the file and starts dialling its peers; resolves once loaded, while the dials go on (a
   * dead cached peer must not hold up the node's start). Never rejects: a bad file is an empty cache.
   */
  async start(): Promise<void> {
    if (this.state !== 'created') return
    this.state = 'started'
    const aborter = new AbortController()
    this.aborter = aborter
    const loading = this.load()
    this.loading = loading
    const survivors = await loading
    if (this.state !== 'started') return
    this.loaded = true
    this.schedule()
    if (survivors.length > 0) this.dialing = this.dialAll(survivors, aborter.signal)
  }

  /** A peer subscribed to one of our topics connected (or told its client name); written soon. */
  topicPeerConnected(id: string, name?: string): void {
    if (this.state === 'stopped') return
    const held = this.entries.get(id)
    this.entries.set(id, {
      name: name === undefined || name === '' ? held?.name : name.slice(0, 256),
      addrs: held?.addrs ?? [],
      lastSeen: this.now(),
    })
    // A connection storm between two writes cannot grow the map without bound.
    if (this.entries.size > 2 * this.maxEntries) this.prune(this.now())
    this.dirty = true
    this.schedule()
  }

  /** Peers the cache holds now (diagnostics, tests). */
  peers(): CachedPeer[] {
    return [...this.entries].map(([id, entry]) => ({ id, ...entry }))
  }

  /** Stops dialling, and writes the cache one last time; leaves no timer or dial behind. */
  async stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping
    const wasStarted = this.state === 'started'
    this.state = 'stopped'
    this.aborter?.abort()
    clearTimeout(this.timer)
    this.timer = undefined
    this.stopping = (async () => {
      await this.loading
      await this.dialing
      while (this.writing !== undefined) await this.writing
      if (wasStarted && this.loaded && (this.dirty || this.unsaved || this.entries.size > 0)) {
        await this.write()
      }
    })()
    return this.stopping
  }

  private async load(): Promise<SeenPeer[]> {
    let read: Awaited<ReturnType<typeof readPeerCacheFile>>
    try {
      read = await readPeerCacheFile(this.path, this.logger)
    } catch (error) {
      this.logger.warn('could not read the peer cache; starting without cached peers', {
        path: this.path,
        error: errorText(error),
      })
      return []
    }
    const now = this.now()
    let expired = 0
    const fresh: CachedPeer[] = []
    for (const peer of read.peers) {
      if (peer.lastSeen !== undefined && now - peer.lastSeen > this.ttlMs) expired++
      else fresh.push(peer)
    }
    // Newest first; a peer without a time ranks last, so it is the first to go past the bound.
    fresh.sort((a, b) => (b.lastSeen ?? -1) - (a.lastSeen ?? -1))
    const kept = fresh.slice(0, this.maxEntries)
    const survivors: SeenPeer[] = []
    for (const peer of kept) {
      // A time in the future (a clock set wrong) would keep the entry past its TTL; one without a
      // time is aged from now, so it is kept once, as the Go library keeps it, but not forever.
      const lastSeen = Math.min(peer.lastSeen ?? now, now)
      const live = this.entries.get(peer.id)
      if (live !== undefined) {
        // Connected while we were reading: its time is newer, the file may know its addresses.
        if (live.addrs.length === 0) live.addrs = peer.addrs
        live.name ??= peer.name
        continue
      }
      survivors.push({ ...peer, lastSeen })
      this.entries.set(peer.id, { name: peer.name, addrs: peer.addrs, lastSeen })
    }
    if (read.unusable === undefined && read.peers.length + read.malformed > 0) {
      this.logger.info('loaded the peer cache', {
        path: this.path,
        peers: kept.length,
        expired,
        malformed: read.malformed,
        overBound: fresh.length - kept.length,
      })
    }
    return survivors
  }

  private async dialAll(peers: readonly SeenPeer[], signal: AbortSignal): Promise<void> {
    let connected = 0
    await forEachBounded(peers, this.dialConcurrency, async (peer) => {
      if (signal.aborted) return
      try {
        await withDeadline([signal], this.dialTimeoutMs, (bounded) =>
          this.host.dial(peer.id, peer.addrs, bounded),
        )
        connected++
      } catch (error) {
        if (signal.aborted) return
        // Expected for many: cached peers may have moved or gone; other discovery goes on.
        this.logger.debug('could not dial a cached peer', { peer: peer.id, error: errorText(error) })
      }
    })
    if (!signal.aborted) this.logger.info('dialled the cached peers', { dialled: peers.length, connected })
  }

  private schedule(): void {
    if (this.state !== 'started' || !this.loaded || !this.dirty) return
    if (this.timer !== undefined || this.writing !== undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.flush()
    }, this.writeIntervalMs)
  }

  private async flush(): Promise<void> {
    if (this.state !== 'started') return
    this.writing = this.write().finally(() => {
      this.writing = undefined
    })
    await this.writing
    // Changes made while writing wait a whole interval, so writes stay `writeIntervalMs` apart.
    this.schedule()
  }

  /** Never rejects: a failed write is logged and tried again at the next change or at stop. */
  private async write(): Promise<void> {
    this.dirty = false
    let live: readonly TopicPeerAddresses[] = []
    try {
      live = await this.host.topicPeers()
    } catch (error) {
      this.logger.debug('could not list the topic peers for the peer cache', { error: errorText(error) })
    }
    const now = this.now()
    for (const peer of live) {
      const addrs = dialableAddresses(peer.id, peer.addresses)
      if (addrs.length === 0) continue
      this.entries.set(peer.id, { name: this.entries.get(peer.id)?.name, addrs, lastSeen: now })
    }
    this.prune(now)
    const peers: SeenPeer[] = []
    for (const [id, entry] of this.entries) if (entry.addrs.length > 0) peers.push({ id, ...entry })
    try {
      await writePeerCacheFile(this.path, peers)
      this.unsaved = false
      this.failedWrites = 0
      this.logger.debug('wrote the peer cache', { path: this.path, peers: peers.length })
    } catch (error) {
      this.unsaved = true
      this.failedWrites++
      // Once at warn: the same failure every few seconds would flood the log.
      const log = this.failedWrites === 1 ? this.logger.warn : this.logger.debug
      log.call(this.logger, 'could not write the peer cache', {
        path: this.path,
        error: errorText(error),
        setting: 'p2p_peer_cache_dir',
      })
    }
  }

  /** Drops entries past their TTL, then all but the newest `maxEntries`. */
  private prune(now: number): void {
    for (const [id, entry] of this.entries) if (now - entry.lastSeen > this.ttlMs) this.entries.delete(id)
    if (this.entries.size <= this.maxEntries) return
    const newest = [...this.entries].sort(([, a], [, b]) => b.lastSeen - a.lastSeen)
    for (const [id] of newest.slice(this.maxEntries)) this.entries.delete(id)
  }
}

/**
 * The cache's view of a libp2p node. A peer's addresses are those of its connections (what the
 * Go library stores) followed by those the peer store learnt from identify: an inbound
 * connection's address is the peer's ephemeral port, which nobody can dial back.
 */
export function libp2pPeerCacheHost(
  node: Pick<Libp2p, 'getConnections' | 'dial' | 'peerStore'>,
  isTopicPeer: (id: string) => boolean,
): PeerCacheHost {
  return {
    topicPeers: async () => {
      const byPeer = new Map<string, { peerId: ReturnType<typeof peerIdFromString>; addresses: string[] }>()
      for (const connection of node.getConnections()) {
        const id = connection.remotePeer.toString()
        if (!isTopicPeer(id)) continue
        const held = byPeer.get(id) ?? { peerId: connection.remotePeer, addresses: [] }
        held.addresses.push(connection.remoteAddr.toString())
        byPeer.set(id, held)
      }
      const peers: TopicPeerAddresses[] = []
      for (const [id, { peerId, addresses }] of byPeer) {
        try {
          const known = await node.peerStore.get(peerId)
          addresses.push(...known.addresses.map((address) => address.multiaddr.toString()))
        } catch {
          // Not in the peer store (yet): the connection addresses are all there is.
        }
        peers.push({ id, addresses })
      }
      return peers
    },
    dial: async (id, addresses, signal) => {
      // Refused here rather than by the dialer: the text came from a file.
      peerIdFromString(id)
      // With the id in each address, the dial proves it reached that peer and no other.
      await node.dial(
        addresses.map((address) => multiaddr(address).encapsulate(`/p2p/${id}`)),
        { signal },
      )
    },
  }
}
