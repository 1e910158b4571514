import type { Hash } from '../hash/hash.js'

/**
 * Where one message is on its way through a node, in order. At the node that announces it:
 * `chainEvent` (our blockchain service told us), `announcing` (its announce queue took it up),
 * `published` (the network took it). At every node that receives it, the announcer's own echo
 * included: `received` (gossip handed it to us), `verdict` (we judged it), `notified` (it went to
 * the websocket clients), `handoffStart` and `handoffDone` (block validation took it, answered).
 */
export const TRACE_STAGES = [
  'chainEvent',
  'announcing',
  'published',
  'received',
  'verdict',
  'notified',
  'handoffStart',
  'handoffDone',
] as const
export type TraceStage = (typeof TRACE_STAGES)[number]

/**
 * Timestamps of the stages a sampled message passed, so a benchmark can tell a queue that waits
 * from a stage that computes. Sampling is by hash and the same at every node with the same rate,
 * so a sampled message is traced all the way. Cheap when nothing is sampled; never throws.
 */
export interface MessageTrace {
  sampled(hash: Hash): boolean
  /** The time to pass to `mark` for a stage whose hash is known only later: ms since the epoch. */
  stamp(): number
  mark(hash: Hash, stage: TraceStage, atMs: number): void
}

/** Traces nothing: the default when no rate is configured. */
export const NO_TRACE: MessageTrace = {
  sampled: () => false,
  stamp: () => 0,
  mark: () => {},
}
