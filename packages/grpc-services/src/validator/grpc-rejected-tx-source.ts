import {
  P2PError,
  type RejectedTx,
  type RejectedTxListener,
  type RejectedTxSource,
  rejectedTxSchema,
  type Unsubscribe,
  type UpstreamStatus,
} from '@p2p/domain'
import {
  type RejectedTxNotification,
  SubscribeRequestSchema,
  ValidatorAPI,
} from '../gen/validator_api/validator_api_pb.js'
import { deserializer, methodPath, serializer } from '../grpc/method-codec.js'
import { type ClientOptionsInput, parseClientOptions } from '../upstream/client-options.js'
import { StreamKeeper } from '../upstream/stream-keeper.js'
import { UpstreamClient, type UpstreamDeps } from '../upstream/upstream-client.js'

export interface GrpcRejectedTxSourceOptions extends ClientOptionsInput {
  readonly source?: string
}

/** The RejectedTxSource port over the validator's gRPC API (`validator_grpcAddress`). */
export class GrpcRejectedTxSource implements RejectedTxSource {
  private readonly upstream: UpstreamClient
  private readonly listeners = new Set<RejectedTxListener>()
  private readonly source: string
  private keeper: StreamKeeper<RejectedTxNotification> | undefined

  constructor(options: GrpcRejectedTxSourceOptions, deps: UpstreamDeps) {
    this.upstream = new UpstreamClient('validator', parseClientOptions(options, 'validator'), deps)
    this.source = options.source ?? 'p2pServer'
  }

  subscribe(listener: RejectedTxListener): Unsubscribe {
    const own = (rejected: RejectedTx) => listener(rejected)
    this.listeners.add(own)
    return () => this.listeners.delete(own)
  }

  async start(): Promise<void> {
    const client = this.upstream.start()
    const method = ValidatorAPI.method.subscribe
    const { deps, options } = this.upstream
    this.keeper ??= new StreamKeeper<RejectedTxNotification>({
      service: 'validator',
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

  private deliver(notification: RejectedTxNotification): void {
    // The tx id arrives as display hex text; the schema normalises and checks it.
    const parsed = rejectedTxSchema.safeParse({
      txId: notification.txId.toLowerCase(),
      reason: notification.reason,
    })
    if (!parsed.success) {
      const error = new P2PError('invalid_field', 'a rejected-tx notification is malformed')
      this.upstream.deps.metrics.upstreamCall('validator', 'Subscribe', error.code, 0)
      this.upstream.deps.logger.warn('dropped a malformed rejected-tx notification', {
        reason: parsed.error.issues[0]?.message,
      })
      return
    }
    const rejected = parsed.data as RejectedTx
    for (const listener of this.listeners) {
      try {
        listener(rejected)
      } catch (error) {
        this.upstream.deps.logger.error('a rejected-tx listener threw', { error: String(error) })
      }
    }
  }
}
