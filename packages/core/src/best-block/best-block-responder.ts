import {
  blockHeaderInfoSchema,
  blockMessageCodec,
  type ChainNotifier,
  type Logger,
  P2PError,
  type P2PMetrics,
  type PeerId,
  type PeerNetwork,
  toP2PError,
  unwrap,
} from '@p2p/domain'
import { BoundedQueue } from '../queue/bounded-queue.js'

export interface BestBlockResponderDeps {
  readonly network: PeerNetwork
  readonly chain: ChainNotifier
  readonly logger: Logger
  readonly metrics: P2PMetrics
  readonly dataHubUrl: string
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
      concurrency: 2,
      limit: deps.limit,
      run: (peer) => this.reply(peer),
      onDrop: (peer, reason) => {
        this.pendingPeers.delete(peer)
        deps.metrics.directReplySent('failed')
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
      const header = blockHeaderInfoSchema.safeParse(await this.deps.chain.bestBlockHeader())
      if (!header.success)
        throw new P2PError('invalid_field', 'best block header from the blockchain service is invalid')
      const message = unwrap(
        blockMessageCodec.create({
          hash: header.data.hash,
          height: header.data.height,
          dataHubUrl: this.deps.dataHubUrl,
          peerId: '',
        }),
      )
      await this.deps.network.sendDirect(peer, message)
      this.deps.metrics.directReplySent('ok')
    } catch (error) {
      this.failed(peer, error)
    } finally {
      this.pendingPeers.delete(peer)
    }
  }

  private failed(peer: PeerId, error: unknown): void {
    const coded = toP2PError(error, 'send_failed')
    this.deps.metrics.directReplySent('failed')
    this.deps.logger.debug('best-block reply failed', { peer, code: coded.code, reason: coded.message })
  }
}
