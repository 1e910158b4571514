import { type ErrorCode, isErrorCode } from './error-codes.js'

export type ErrorContext = Readonly<Record<string, unknown>>

/** The one error class of the service: discriminated by `name`, classified by `code`. */
export class P2PError extends Error {
  override readonly name = 'P2PError'
  readonly code: ErrorCode
  readonly context: ErrorContext

  constructor(code: ErrorCode, message: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.context = options.context ?? {}
  }
}

export function isP2PError(value: unknown): value is P2PError {
  return (
    value instanceof P2PError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'P2PError' &&
      isErrorCode((value as { code?: unknown }).code))
  )
}

/**
 * Wraps anything thrown by a port or a library into a P2PError; errors that already carry a code
 * keep it, everything else becomes `fallback` with the original kept as `cause`.
 */
export function toP2PError(
  value: unknown,
  fallback: ErrorCode = 'internal',
  context: ErrorContext = {},
): P2PError {
  if (isP2PError(value)) return value
  const message = value instanceof Error ? value.message : String(value)
  return new P2PError(fallback, message, { context, cause: value })
}
