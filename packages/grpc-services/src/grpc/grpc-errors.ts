import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js'
import { type ErrorCode, P2PError } from '@p2p/domain'

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number'
}

/** grpc status → our error code: unavailable and timeouts are worth a retry, the rest is a failure. */
export function codeForStatus(code: GrpcStatus): ErrorCode {
  switch (code) {
    case GrpcStatus.UNAVAILABLE:
      return 'upstream_unavailable'
    case GrpcStatus.DEADLINE_EXCEEDED:
      return 'upstream_timeout'
    case GrpcStatus.CANCELLED:
      return 'stopped'
    default:
      return 'upstream_failed'
  }
}

/** Any error of a gRPC call as a P2PError naming the service and method, with the grpc status. */
export function toUpstreamError(error: unknown, service: string, method: string): P2PError {
  if (error instanceof P2PError) return error
  if (isServiceError(error)) {
    const statusName = GrpcStatus[error.code] ?? String(error.code)
    return new P2PError(
      codeForStatus(error.code),
      `${service} ${method} failed: ${statusName}: ${error.details}`,
      {
        context: { service, method, grpcStatus: statusName },
        cause: error,
      },
    )
  }
  return new P2PError('upstream_failed', `${service} ${method} failed: ${String(error)}`, {
    context: { service, method },
    cause: error,
  })
}
