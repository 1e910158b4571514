import type { TopicKind } from '../topics/topic-kind.js'

/**
 * Largest payload decoded per topic, checked before any parsing: the spec's raw JSON, and the
 * teranode profile's inner payload (the reference's own caps: 32 KiB for blocks and subtrees,
 * 64 KiB for a node status, 16 KiB for a rejected transaction). A message is a few hundred
 * bytes; these leave room for long URLs and reasons while keeping a flood cheap to refuse.
 */
export const MAX_PAYLOAD_BYTES: Readonly<Record<TopicKind, number>> = {
  bestBlock: 1024,
  block: 32 * 1024,
  subtree: 32 * 1024,
  miningOn: 32 * 1024,
  rejectedTx: 16 * 1024,
  nodeStatus: 64 * 1024,
}

/** The direct stream carries one BlockMessage (a best-block reply). */
export const MAX_DIRECT_MESSAGE_BYTES = 32 * 1024
