import type { ErrorCode } from '../errors/error-codes.js'

/** The node services the P2P service is a client of. */
export const UPSTREAM_SERVICES = ['blockchain', 'blockValidation', 'validator'] as const
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number]

/** How a call to a node service ended: `ok`, or the code of its failure. */
export type UpstreamCallOutcome = 'ok' | ErrorCode

/**
 * What the node-service adapters count: every call and its outcome, every subscription stream
 * that failed, and every time one is opened again. Cheap, and never throws.
 */
export interface UpstreamMetrics {
  /** `method` is the service's method name (`BlockFound`, `GetBlockHeader`, …): a bounded set. */
  upstreamCall(service: UpstreamService, method: string, outcome: UpstreamCallOutcome, seconds: number): void
  /**
   * A subscription stream failed: refused or broken (`upstream_unavailable`, `upstream_failed`),
   * ended by the service (`upstream_failed`), or its channel did not connect in time
   * (`upstream_unavailable`).
   */
  upstreamSubscriptionFailed(service: UpstreamService, code: ErrorCode): void
  /** A subscription stream opened again after a failure. */
  upstreamResubscribe(service: UpstreamService): void
}
