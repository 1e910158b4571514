import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainListener,
  type ChainNotifier,
  type Hash,
  hashToInternalBytes,
  type Unsubscribe,
  type UpstreamStatus,
} from '@p2p/domain'
import {
  BlockchainAPI,
  type Notification,
  SubscribeRequestSchema,
} from '../gen/blockchain_api/blockchain_api_pb.js'
import { deserializer, methodPath, serializer } from '../grpc/method-codec.js'
import { type ClientOptionsInput, parseClientOptions } from '../upstream/client-options.js'
import { StreamKeeper } from '../upstream/stream-keeper.js'
import { UpstreamClient, type UpstreamDeps } from '../upstream/upstream-client.js'
import { chainEventFromNotification, expectHash, headerInfoFromResponse } from './chain-mapping.js'

export interface GrpcChainNotifierOptions extends ClientOptionsInput {
  /** Who we are to the blockchain service; the reference's P2P service says `p2pServer`. */
  readonly source?: string
}

/** The ChainNotifier port over the blockchain service's gRPC API (`blockchain_grpcAddress`). */
export class GrpcChainNotifier implements ChainNotifier {
  private readonly upstream: UpstreamClient
  private readonly listeners = new Set<ChainListener>()
  private readonly source: string
  private keeper: StreamKeeper<Notification> | undefined

  constructor(options: GrpcChainNotifierOptions, deps: UpstreamDeps) {
    this.upstream = new UpstreamClient('blockchain', parseClientOptions(options, 'blockchain'), deps)
    this.source = options.source ?? 'p2pServer'
  }

  subscribe(listener: ChainListener): Unsubscribe {
    const own = (event: ChainEvent) => listener(event)
    this.listeners.add(own)
    return () => this.listeners.delete(own)
  }

  async start(): Promise<void> {
    const client = this.upstream.start()
    const method = BlockchainAPI.method.subscribe
    const { deps, options } = this.upstream
    this.keeper ??= new StreamKeeper<Notification>({
      service: 'blockchain',
      method: method.name,
      client,
      open: () =>
        client.makeServerStreamRequest(
          methodPath(method),
          serializer(SubscribeRequestSchema),
          deserializer(method.output),
          { source: this.source },
        ),
      onMessage: (notification) => this.deliver(notification),
      state: this.upstream.state,
      backoff: options.backoff,
      connectTimeoutMs: options.connectTimeoutMs,
      ...deps,
    })
    this.keeper.start()
  }

  async stop(): Promise<void> {
    this.keeper?.stop()
    this.upstream.stop()
  }

  status(): UpstreamStatus {
    return this.upstream.status
  }

  async bestBlockHeader(signal?: AbortSignal): Promise<BlockHeaderInfo> {
    const response = await this.upstream.unary(BlockchainAPI.method.getBestBlockHeader, {}, signal)
    return headerInfoFromResponse(response)
  }

  async blockHeader(hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    const response = await this.upstream.unary(
      BlockchainAPI.method.getBlockHeader,
      { blockHash: hashToInternalBytes(hash) },
      signal,
    )
    return expectHash(headerInfoFromResponse(response), hash)
  }

  private deliver(notification: Notification): void {
    const mapped = chainEventFromNotification(notification)
    if (!mapped.ok) {
      if (!mapped.ping) {
        this.upstream.deps.metrics.upstreamCall('blockchain', 'Subscribe', mapped.error.code, 0)
        this.upstream.deps.logger.warn('dropped a malformed blockchain notification', {
          code: mapped.error.code,
          reason: mapped.error.message,
        })
      }
      return
    }
    for (const listener of this.listeners) {
      try {
        listener(mapped.event)
      } catch (error) {
        this.upstream.deps.logger.error('a chain listener threw', { error: String(error) })
      }
    }
  }
}
