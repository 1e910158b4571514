import { create } from '@bufbuild/protobuf'
import type { ServerWritableStream } from '@grpc/grpc-js'
import {
  type RejectedTxNotification,
  RejectedTxNotificationSchema,
  type SubscribeRequest,
} from '../gen/validator_api/validator_api_pb.js'
import type { RejectedTxBackend } from './backends.js'

/** Handlers of `validator_api.ValidatorAPI`. */
export function validatorHandlers(backend: RejectedTxBackend) {
  return {
    subscribe(call: ServerWritableStream<SubscribeRequest, RejectedTxNotification>): void {
      // Nothing until the first rejection, as the blockchain service (see there).
      const unsubscribe = backend.subscribe((rejected) => {
        call.write(create(RejectedTxNotificationSchema, { txId: rejected.txId, reason: rejected.reason }))
      })
      const end = () => unsubscribe()
      call.on('cancelled', end)
      call.on('close', end)
      call.on('error', end)
    },
  }
}
