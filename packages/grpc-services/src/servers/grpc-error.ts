import { Metadata, type ServiceError, type status } from '@grpc/grpc-js'

/** An error a handler passes to grpc-js to answer with this status. */
export function grpcError(code: status, details: string): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() })
}
