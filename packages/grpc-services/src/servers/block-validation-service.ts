import { type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js'
import { type Hash, hashFromInternalBytes } from '@p2p/domain'
import type {
  BlockFoundRequest,
  EmptyMessage,
  SubtreeFoundRequest,
} from '../gen/blockvalidation_api/blockvalidation_api_pb.js'
import type { BlockValidationBackend } from './backends.js'
import { grpcError } from './grpc-error.js'

type FoundRequest = BlockFoundRequest | SubtreeFoundRequest

function handler(act: (hash: Hash, baseUrl: string) => Promise<void>) {
  return (call: ServerUnaryCall<FoundRequest, EmptyMessage>, done: sendUnaryData<EmptyMessage>): void => {
    if (call.request.hash.length !== 32) {
      done(grpcError(status.INVALID_ARGUMENT, 'hash must be 32 bytes'))
      return
    }
    act(hashFromInternalBytes(call.request.hash), call.request.baseUrl).then(
      () => done(null, {} as EmptyMessage),
      (error: unknown) =>
        done(grpcError(status.INTERNAL, error instanceof Error ? error.message : String(error))),
    )
  }
}

/** Handlers of `blockvalidation_api.BlockValidationAPI`. */
export function blockValidationHandlers(backend: BlockValidationBackend) {
  return {
    blockFound: handler((hash, baseUrl) => backend.blockFound(hash, baseUrl)),
    subtreeFound: handler((hash, baseUrl) => backend.subtreeFound(hash, baseUrl)),
  }
}
