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
  type RejectedTxNotificationSchema,
  ValidatorAPI,
} from '../gen/validator_api/validator_api_pb.js'
import { type ClientOptionsInput, parseClientOptions } from '../upstream/client-options.js'
import { type Mapped, SubscribedUpstream } from '../upstream/subscribed-upstream.js'
import type { UpstreamDeps } from '../upstream/upstream-client.js'

export interface GrpcRejectedTxSourceOptions extends ClientOptionsInput {
  readonly source?: string
}

/** The tx id arrives as display hex text; the schema normalises and checks it. */
function rejectedTxFromNotification(notification: RejectedTxNotification): Mapped<RejectedTx> {
  const parsed = rejectedTxSchema.safeParse({
    txId: notification.txId.toLowerCase(),
    reason: notification.reason,
  })
  if (parsed.success) return { ok: true, event: parsed.data as RejectedTx }
  return {
    ok: false,
    error: new P2PError(
      'invalid_field',
      `a rejected-tx notification is malformed: ${parsed.error.issues[0]?.message}`,
    ),
  }
}

/** The RejectedTxSource port over the validator's gRPC API (`validator_grpcAddress`). */
export class GrpcRejectedTxSource implements RejectedTxSource {
  private readonly stream: SubscribedUpstream<typeof RejectedTxNotificationSchema, RejectedTx>

  constructor(deps: UpstreamDeps, options: GrpcRejectedTxSourceOptions) {
    this.stream = new SubscribedUpstream(
      'validator',
      deps,
      parseClientOptions(options, 'validator'),
      ValidatorAPI.method.subscribe,
      options.source ?? 'p2pServer',
      rejectedTxFromNotification,
    )
  }

  subscribe(listener: RejectedTxListener): Unsubscribe {
    return this.stream.subscribe(listener)
  }

  async start(): Promise<void> {
    this.stream.start()
  }

  async stop(): Promise<void> {
    this.stream.stop()
  }

  status(): UpstreamStatus {
    return this.stream.status()
  }
}
