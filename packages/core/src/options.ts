import { dataHubUrlSchema, LISTEN_MODES } from '@p2p/domain'
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
  /**
   * Hand-offs to block validation running at once. A `SubtreeFound` call takes 20-40 ms under
   * load, so 8 at once carried at most 200-400 a second and a busy announcer's subtrees queued
   * for seconds; 64 streams on one HTTP/2 connection are well within what a gRPC server takes.
   */
  handoffConcurrency: z.number().int().min(1).max(1024).default(64),
  /** Hand-offs waiting beyond those; past this the oldest is dropped and counted. */
  handoffQueueLimit: z.number().int().min(0).max(1_000_000).default(4096),
  /**
   * What verdicts set in motion (hand-offs, notifications, answers, penalties) waiting for the
   * network to pass the verdicts on; past this they are done at once, never dropped.
   */
  afterVerdictLimit: z.number().int().min(0).max(1_000_000).default(4096),
  /** Chain and validator events waiting to be announced; past this the oldest is dropped and counted. */
  announceQueueLimit: z.number().int().min(0).max(1_000_000).default(4096),
  /**
   * Node statuses kept (on a wire that carries them), the node heard from longest ago forgotten
   * first; a node silent this long is forgotten (it says how it is every 10 s).
   */
  /**
   * `full` announces and serves; `listen_only` receives everything and announces nothing of its
   * own but its status; `silent` does not even say its status.
   */
  listenMode: z.enum(LISTEN_MODES).default('full'),
  /**
   * Today's networks' start-up rule: while our blockchain service is not up (connecting, or gone),
   * nothing but our status goes out; whatever else would have is dropped and counted as
   * `upstream_unavailable`. Off, the spec's: a node asks for the best block as soon as it starts.
   */
  statusOnlyUntilChainUp: z.boolean().default(false),
  /** Who we are, in our status (and, on the teranode wire, in every envelope). */
  clientName: z.string().max(64).default('teranode-p2p-ts'),
  version: z.string().max(256).default(''),
  commitHash: z.string().max(256).default(''),
  /** Where peers send transactions to us, in our status; empty when we take none. */
  propagationUrl: dataHubUrlSchema.default(''),
  /** How often our status goes out on a wire that has a node-status topic (and on each new block). */
  nodeStatusIntervalMs: z.number().int().min(1_000).default(10_000),
  nodeStatusMaxNodes: z.number().int().min(1).max(100_000).default(1_000),
  nodeStatusExpiryMs: z.number().int().min(1_000).default(300_000),
  ...hardeningOptionsShape,
})

export type P2PServiceOptionsInput = z.input<typeof p2pServiceOptionsSchema>
export type P2PServiceOptions = z.output<typeof p2pServiceOptionsSchema>
