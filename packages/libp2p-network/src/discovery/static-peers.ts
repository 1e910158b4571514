import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'

export interface StaticPeerHost {
  /** Dials the peer at this multiaddr (which ends in /p2p/<id>). */
  dial(address: string, signal: AbortSignal): Promise<void>
  isConnected(peer: string): boolean
  /** A banned static peer is not dialled (the gater would refuse it) until its ban expires. */
  isBanned(peer: string): boolean
}

/** Doubling from `initial` up to `max` after each failed dial; a success starts again. */
export interface RedialBackoff {
  readonly initial: number
  readonly max: number
}

/**
 * The schedule of today's Teranode networks: every `everyMs` for the first `forMs` after start,
 * then every `thenEveryMs`, whatever happened before.
 */
export interface SteadyRedial {
  readonly everyMs: number
  readonly forMs: number
  readonly thenEveryMs: number
}

export interface StaticPeersDeps {
  readonly host: StaticPeerHost
  readonly logger: Logger
  /** The clock the steady schedule runs on; default `Date.now`. */
  readonly now?: () => number
}

export interface StaticPeersOptions {
  /** Multiaddrs, each ending in /p2p/<id>. */
  readonly addresses: readonly string[]
  /** When to dial again: a doubling backoff, or a steady schedule. */
  readonly redial: RedialBackoff | SteadyRedial
  /** What the log lines call these peers; default `static peer`. */
  readonly role?: string
}

interface StaticPeer {
  readonly address: string
  readonly id: string
  delayMs: number
  timer: NodeJS.Timeout | undefined
  dialing: boolean
}

/**
 * Peers kept connected: `p2p_static_peers` (and, in the teranode profile, the bootstrap peers),
 * dialled at start and redialled whenever they drop, forever (the reference was reported to
 * ignore static peers silently; libp2p's own keep-alive reconnects give up after a few tries).
 * With a backoff, failed dials wait longer each time up to a cap and a success resets it; with a
 * steady schedule, the wait depends only on how long ago we started.
 */
export class StaticPeers {
  private readonly peers: ReadonlyMap<string, StaticPeer>
  private aborter: AbortController | undefined
  private startedAt = 0
  private readonly host: StaticPeerHost
  private readonly logger: Logger
  private readonly now: () => number
  private readonly redial: RedialBackoff | SteadyRedial
  private readonly role: string

  constructor(deps: StaticPeersDeps, { addresses, redial, role = 'static peer' }: StaticPeersOptions) {
    this.host = deps.host
    this.logger = deps.logger
    this.now = deps.now ?? Date.now
    this.redial = redial
    this.role = role
    const first = 'initial' in redial ? redial.initial : redial.everyMs
    this.peers = new Map(
      addresses.map((address) => {
        const id = peerIdOf(address)
        return [id, { address, id, delayMs: first, timer: undefined, dialing: false }]
      }),
    )
  }

  isStatic(peer: string): boolean {
    return this.peers.has(peer)
  }

  start(): void {
    if (this.aborter !== undefined) return
    this.aborter = new AbortController()
    this.startedAt = this.now()
    for (const peer of this.peers.values()) void this.dial(peer)
  }

  stop(): void {
    this.aborter?.abort()
    this.aborter = undefined
    for (const peer of this.peers.values()) {
      clearTimeout(peer.timer)
      peer.timer = undefined
    }
  }

  /** To be called on every peer disconnect; ignores peers that are not static. */
  disconnected(peerId: string): void {
    const peer = this.peers.get(peerId)
    if (peer === undefined || this.aborter === undefined) return
    this.logger.warn(`${this.role} disconnected; redialling`, { peer: peerId, inMs: this.delayOf(peer) })
    this.later(peer)
  }

  private delayOf(peer: StaticPeer): number {
    if ('initial' in this.redial) return peer.delayMs
    const { everyMs, forMs, thenEveryMs } = this.redial
    return this.now() - this.startedAt < forMs ? everyMs : thenEveryMs
  }

  private later(peer: StaticPeer): void {
    if (this.aborter === undefined || peer.timer !== undefined) return
    peer.timer = setTimeout(() => {
      peer.timer = undefined
      void this.dial(peer)
    }, this.delayOf(peer))
    if ('initial' in this.redial) peer.delayMs = Math.min(peer.delayMs * 2, this.redial.max)
  }

  private async dial(peer: StaticPeer): Promise<void> {
    const aborter = this.aborter
    if (aborter === undefined || peer.dialing || this.host.isConnected(peer.id)) return
    if (this.host.isBanned(peer.id)) {
      // Checked again at the capped backoff, so the peer is redialled soon after its ban ends,
      // without a refused dial and a warning every time.
      this.logger.debug(`${this.role} is banned; not dialling it`, { peer: peer.id })
      this.later(peer)
      return
    }
    peer.dialing = true
    try {
      await this.host.dial(peer.address, aborter.signal)
      if ('initial' in this.redial) peer.delayMs = this.redial.initial
      this.logger.info(`connected to ${this.role}`, { peer: peer.id })
    } catch (error) {
      if (aborter.signal.aborted) return
      this.logger.warn(`could not dial ${this.role}; will retry`, {
        peer: peer.id,
        address: peer.address,
        retryInMs: this.delayOf(peer),
        error: errorText(error),
      })
      this.later(peer)
    } finally {
      peer.dialing = false
    }
  }
}

function peerIdOf(address: string): string {
  const id = /\/p2p\/([^/]+)$/.exec(address)?.[1]
  if (id === undefined) throw new RangeError(`static peer address without /p2p/<id>: ${address}`)
  return id
}
