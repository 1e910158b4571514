import type { ErrorCode } from '../errors/error-codes.js'

/** The node services the P2P service is a client of. */
export const UPSTREAM_SERVICES = ['blockchain', 'blockValidation', 'validator'] as const
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number]

/** How a call to a node service ended: `ok`, or the code of its failure. */
export type UpstreamCallOutcome = 'ok' | ErrorCode

/**
 * What the node-service adapters count: every call and its outcome, and every time a broken
 * subscription stream is re-opened. Cheap, and never throws.
 */
export interface UpstreamMetrics {
  /** `method` is the service's method name (`BlockFound`, `GetBlockHeader`, …): a bounded set. */
  upstreamCall(service: UpstreamService, method: string, outcome: UpstreamCallOutcome, seconds: number): void
  upstreamResubscribe(service: UpstreamService): void
}
