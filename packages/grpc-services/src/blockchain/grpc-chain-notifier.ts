import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainNotifier,
  type Hash,
  hashToInternalBytes,
} from '@p2p/domain'
import { BlockchainAPI, type NotificationSchema } from '../gen/blockchain_api/blockchain_api_pb.js'
import { type ClientOptionsInput, parseClientOptions } from '../upstream/client-options.js'
import { SubscribedUpstream } from '../upstream/subscribed-upstream.js'
import { SubscriptionPort } from '../upstream/subscription-port.js'
import type { UpstreamDeps } from '../upstream/upstream-client.js'
import { chainEventFromNotification, expectHash, headerInfoFromResponse } from './chain-mapping.js'

export interface GrpcChainNotifierOptions extends ClientOptionsInput {
  /** Who we are to the blockchain service; the reference's P2P service says `p2pServer`. */
  readonly source?: string
}

/** The ChainNotifier port over the blockchain service's gRPC API (`blockchain_grpcAddress`). */
export class GrpcChainNotifier
  extends SubscriptionPort<typeof NotificationSchema, ChainEvent>
  implements ChainNotifier
{
  constructor(deps: UpstreamDeps, options: GrpcChainNotifierOptions) {
    super(
      new SubscribedUpstream(deps, {
        ...parseClientOptions(options, 'blockchain'),
        service: 'blockchain',
        subscribeMethod: BlockchainAPI.method.subscribe,
        source: options.source ?? 'p2pServer',
        map: chainEventFromNotification,
      }),
    )
  }

  async bestBlockHeader(signal?: AbortSignal): Promise<BlockHeaderInfo> {
    const response = await this.stream.upstream.unary(BlockchainAPI.method.getBestBlockHeader, {}, signal)
    return headerInfoFromResponse(response)
  }

  async blockHeader(hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    const response = await this.stream.upstream.unary(
      BlockchainAPI.method.getBlockHeader,
      { blockHash: hashToInternalBytes(hash) },
      signal,
    )
    return expectHash(headerInfoFromResponse(response), hash)
  }
}
