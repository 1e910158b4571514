import type { RejectedTx, RejectedTxSource } from '@p2p/domain'
import {
  type RejectedTxNotification,
  type RejectedTxNotificationSchema,
  ValidatorAPI,
} from '../gen/validator_api/validator_api_pb.js'
import { type ClientOptionsInput, parseClientOptions } from '../upstream/client-options.js'
import { type Mapped, SubscribedUpstream } from '../upstream/subscribed-upstream.js'
import { SubscriptionPort } from '../upstream/subscription-port.js'
import type { UpstreamDeps } from '../upstream/upstream-client.js'

export interface GrpcRejectedTxSourceOptions extends ClientOptionsInput {
  readonly source?: string
}

/**
 * The notification as the port's event, translated only: the tx id arrives as display hex text,
 * which is what the domain's schema reads. Whether it is a tx id at all is the core's check
 * (its port guard refuses, counts and warns, whichever adapter is plugged in), so it is not
 * checked a second time here.
 */
function rejectedTxFromNotification(notification: RejectedTxNotification): Mapped<RejectedTx> {
  // Cast: the core parses every port event before it acts on it (see RejectedTxAnnouncer).
  const event = { txId: notification.txId.toLowerCase(), reason: notification.reason } as RejectedTx
  return { ok: true, event }
}

/** The RejectedTxSource port over the validator's gRPC API (`validator_grpcAddress`). */
export class GrpcRejectedTxSource
  extends SubscriptionPort<typeof RejectedTxNotificationSchema, RejectedTx>
  implements RejectedTxSource
{
  constructor(deps: UpstreamDeps, options: GrpcRejectedTxSourceOptions) {
    super(
      new SubscribedUpstream(deps, {
        ...parseClientOptions(options, 'validator'),
        service: 'validator',
        subscribeMethod: ValidatorAPI.method.subscribe,
        source: options.source ?? 'p2pServer',
        map: rejectedTxFromNotification,
      }),
    )
  }
}
