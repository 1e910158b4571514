import {
  blockMessageCodec,
  type Logger,
  type P2PMetrics,
  type PeerId,
  type PeerNetwork,
  toP2PError,
  unwrap,
} from '@p2p/domain'
import type { HeaderLookup } from '../chain/header-lookup.js'
import { BoundedQueue } from '../queue/bounded-queue.js'

export interface BestBlockResponderDeps {
  readonly network: PeerNetwork
  readonly headers: HeaderLookup
  readonly logger: Logger
  readonly metrics: P2PMetrics
  readonly signal: AbortSignal
  readonly dataHubUrl: string
  readonly concurrency: number
  /** Replies waiting at most; requests beyond this are dropped and counted. */
  readonly limit: number
}

/**
 * Answers a peer's best-block request with our best block, over the direct stream to the
 * request's author. One pending reply per peer: asking twice before we answered costs nothing.
 */
export class BestBlockResponder {
  private readonly pendingPeers = new Set<PeerId>()
  private readonly queue: BoundedQueue<PeerId>

  constructor(private readonly deps: BestBlockResponderDeps) {
    this.queue = new BoundedQueue<PeerId>({
      concurrency: deps.concurrency,
      limit: deps.limit,
      run: (peer) => this.reply(peer),
      onDrop: (peer, reason) => {
        this.pendingPeers.delete(peer)
        deps.metrics.directReplySent('dropped')
        deps.logger.debug('best-block reply dropped', { peer, reason })
      },
      onError: (peer, error) => this.failed(peer, error),
    })
  }

  request(from: PeerId): void {
    if (this.pendingPeers.has(from)) return
    this.pendingPeers.add(from)
    this.queue.push(from)
  }

  close(): Promise<void> {
    return this.queue.close()
  }

  private async reply(peer: PeerId): Promise<void> {
    try {
      // A failed look-up is reported by HeaderLookup against the chain; nothing is sent then.
      const header = await this.deps.headers.best({ purpose: 'best-block reply', peer })
      if (header === undefined) {
        this.deps.metrics.directReplySent('failed')
        return
      }
      const message = unwrap(
        blockMessageCodec.create({
          hash: header.hash,
          height: header.height,
          dataHubUrl: this.deps.dataHubUrl,
          peerId: '',
        }),
      )
      await this.deps.network.sendDirect(peer, message, this.deps.signal)
      this.deps.metrics.directReplySent('ok')
    } catch (error) {
      this.failed(peer, error)
    } finally {
      this.pendingPeers.delete(peer)
    }
  }

  /** The peer went away or refused the stream: its business, so debug only, but counted. */
  private failed(peer: PeerId, error: unknown): void {
    const coded = toP2PError(error, 'send_failed')
    this.deps.metrics.directReplySent('failed')
    this.deps.logger.debug('best-block reply failed', { peer, code: coded.code, reason: coded.message })
  }
}
