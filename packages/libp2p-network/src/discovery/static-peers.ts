import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'

export interface StaticPeerHost {
  /** Dials the peer at this multiaddr (which ends in /p2p/<id>). */
  dial(address: string, signal: AbortSignal): Promise<void>
  isConnected(peer: string): boolean
  /** A banned static peer is not dialled (the gater would refuse it) until its ban expires. */
  isBanned(peer: string): boolean
}

export interface RedialBackoff {
  readonly initial: number
  readonly max: number
}

export interface StaticPeersDeps {
  readonly host: StaticPeerHost
  readonly logger: Logger
}

export interface StaticPeersOptions {
  /** Multiaddrs, each ending in /p2p/<id>. */
  readonly addresses: readonly string[]
  readonly backoff: RedialBackoff
}

interface StaticPeer {
  readonly address: string
  readonly id: string
  delayMs: number
  timer: NodeJS.Timeout | undefined
  dialing: boolean
}

/**
 * `p2p_static_peers`: dialled at start and redialled whenever they drop, forever (the reference
 * was reported to ignore them silently; libp2p's own keep-alive reconnects give up after a few
 * tries). Failed dials back off exponentially up to a cap; a success resets the backoff.
 */
export class StaticPeers {
  private readonly peers: ReadonlyMap<string, StaticPeer>
  private aborter: AbortController | undefined
  private readonly host: StaticPeerHost
  private readonly logger: Logger
  private readonly backoff: RedialBackoff

  constructor(deps: StaticPeersDeps, { addresses, backoff }: StaticPeersOptions) {
    this.host = deps.host
    this.logger = deps.logger
    this.backoff = backoff
    this.peers = new Map(
      addresses.map((address) => {
        const id = peerIdOf(address)
        return [id, { address, id, delayMs: backoff.initial, timer: undefined, dialing: false }]
      }),
    )
  }

  isStatic(peer: string): boolean {
    return this.peers.has(peer)
  }

  start(): void {
    if (this.aborter !== undefined) return
    this.aborter = new AbortController()
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
    this.logger.warn('static peer disconnected; redialling', { peer: peerId, inMs: peer.delayMs })
    this.later(peer)
  }

  private later(peer: StaticPeer): void {
    if (this.aborter === undefined || peer.timer !== undefined) return
    peer.timer = setTimeout(() => {
      peer.timer = undefined
      void this.dial(peer)
    }, peer.delayMs)
    peer.delayMs = Math.min(peer.delayMs * 2, this.backoff.max)
  }

  private async dial(peer: StaticPeer): Promise<void> {
    const aborter = this.aborter
    if (aborter === undefined || peer.dialing || this.host.isConnected(peer.id)) return
    if (this.host.isBanned(peer.id)) {
      // Checked again at the capped backoff, so the peer is redialled soon after its ban ends,
      // without a refused dial and a warning every time.
      this.logger.debug('static peer is banned; not dialling it', { peer: peer.id })
      this.later(peer)
      return
    }
    peer.dialing = true
    try {
      await this.host.dial(peer.address, aborter.signal)
      peer.delayMs = this.backoff.initial
      this.logger.info('connected to static peer', { peer: peer.id })
    } catch (error) {
      if (aborter.signal.aborted) return
      this.logger.warn('could not dial static peer; will retry', {
        peer: peer.id,
        address: peer.address,
        retryInMs: peer.delayMs,
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
