import { dataHubUrlSchema } from '@p2p/domain'
import { z } from 'zod'
import { hardeningOptionsShape } from './hardening-options.js'

export const p2pServiceOptionsSchema = z.strictObject({
  /** Where peers fetch what we announce (`asset_httpAddress`, https when `securityLevelHTTP` ≠ 0). */
  // The same rule the wire applies, so a node can never be configured into announcing nothing.
  dataHubUrl: dataHubUrlSchema.refine((url) => url !== '', 'must not be empty'),
  /** Least time between two best-block requests triggered by peers joining the topic. */
  bestBlockRequestIntervalMs: z.number().int().min(0).default(30_000),
  /** How long after our best-block request its replies are accepted. */
  bestBlockReplyWindowMs: z.number().int().min(0).default(60_000),
  /** How many replies one best-block request may bring (one per peer is plenty). */
  bestBlockMaxReplies: z.number().int().min(0).max(10_000).default(64),
  /** Best-block replies being prepared at once, and waiting beyond those. */
  bestBlockReplyConcurrency: z.number().int().min(1).max(64).default(2),
  bestBlockReplyQueueLimit: z.number().int().min(0).max(100_000).default(256),
  /** Hand-offs to block validation running at once. */
  handoffConcurrency: z.number().int().min(1).max(1024).default(8),
  /** Hand-offs waiting beyond those; past this the oldest is dropped and counted. */
  handoffQueueLimit: z.number().int().min(0).max(1_000_000).default(4096),
  /**
   * What verdicts set in motion (hand-offs, notifications, answers, penalties) waiting for the
   * network to pass the verdicts on; past this they are done at once, never dropped.
   */
  afterVerdictLimit: z.number().int().min(0).max(1_000_000).default(4096),
  /** Chain and validator events waiting to be announced; past this the oldest is dropped and counted. */
  announceQueueLimit: z.number().int().min(0).max(1_000_000).default(4096),
  ...hardeningOptionsShape,
})

export type P2PServiceOptionsInput = z.input<typeof p2pServiceOptionsSchema>
export type P2PServiceOptions = z.output<typeof p2pServiceOptionsSchema>
