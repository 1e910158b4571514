import type { PeerId } from '@p2p/domain'
import type { Announcer } from './seen-announcements.js'

export interface AnnouncerTableOptions {
  /** Peers whose announcers are shared; 1024 when left out. */
  readonly maxPeers?: number
  /** URLs shared per peer; 4 when left out. */
  readonly maxUrlsPerPeer?: number
}

/**
 * One shared, immutable Announcer per (peer, URL) pair. Every announcement brings its author and
 * URL as fresh strings; a replay cache of tens of thousands of hashes would otherwise keep a copy
 * of both per hash, when a handful of peers with one URL each announce nearly all of them.
 * Bounded: past `maxPeers` peers (or `maxUrlsPerPeer` URLs of one peer) the caller's own object
 * is used as it is, so a swarm of identities costs the cache its sharing, never its correctness.
 */
export class AnnouncerTable {
  private readonly byPeer = new Map<PeerId, Map<string, Announcer>>()

  private readonly maxPeers: number
  private readonly maxUrlsPerPeer: number

  constructor(options: AnnouncerTableOptions = {}) {
    this.maxPeers = options.maxPeers ?? 1024
    this.maxUrlsPerPeer = options.maxUrlsPerPeer ?? 4
  }

  intern(announcer: Announcer): Announcer {
    let urls = this.byPeer.get(announcer.peerId)
    if (urls === undefined) {
      if (this.byPeer.size >= this.maxPeers) return announcer
      urls = new Map()
      this.byPeer.set(announcer.peerId, urls)
    }
    const known = urls.get(announcer.baseUrl)
    if (known !== undefined) return known
    if (urls.size >= this.maxUrlsPerPeer) return announcer
    const shared: Announcer = Object.freeze({ peerId: announcer.peerId, baseUrl: announcer.baseUrl })
    urls.set(shared.baseUrl, shared)
    return shared
  }
}
