import type { TopicKind } from '../topics/topic-kind.js'
import type { BestBlockMessage } from './best-block-message.js'
import type { BlockMessage } from './block-message.js'
import type { MiningOnMessage } from './mining-on-message.js'
import type { NodeStatusMessage } from './node-status-message.js'
import type { RejectedTxMessage } from './rejected-tx-message.js'
import type { SubtreeMessage } from './subtree-message.js'

/** The message carried on each topic kind, whichever wire profile writes it. */
export interface TopicMessages {
  bestBlock: BestBlockMessage
  block: BlockMessage
  subtree: SubtreeMessage
  miningOn: MiningOnMessage
  rejectedTx: RejectedTxMessage
  nodeStatus: NodeStatusMessage
}

// Compile-time proof that TopicMessages has exactly one entry per TopicKind.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _everyKindHasAMessage: Exact<keyof TopicMessages, TopicKind> = true
void _everyKindHasAMessage

export type AnyTopicMessage = TopicMessages[TopicKind]

/** A decoded gossip message, discriminated by its topic kind. */
export type TopicMessage = {
  [K in TopicKind]: { readonly kind: K; readonly message: TopicMessages[K] }
}[TopicKind]
