import { ok, type Result } from '../errors/result.js'
import type { TopicKind } from '../topics/topic-kind.js'
import { type BestBlockMessage, bestBlockMessageCodec } from './best-block-message.js'
import { type BlockMessage, blockMessageCodec } from './block-message.js'
import { type MiningOnMessage, miningOnMessageCodec } from './mining-on-message.js'
import { type RejectedTxMessage, rejectedTxMessageCodec } from './rejected-tx-message.js'
import { type SubtreeMessage, subtreeMessageCodec } from './subtree-message.js'
import type { WireCodec } from './wire-codec.js'

/** The payload type carried on each topic. */
export interface TopicMessages {
  bestBlock: BestBlockMessage
  block: BlockMessage
  subtree: SubtreeMessage
  miningOn: MiningOnMessage
  rejectedTx: RejectedTxMessage
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

export const TOPIC_CODECS: { readonly [K in TopicKind]: WireCodec<TopicMessages[K]> } = {
  bestBlock: bestBlockMessageCodec,
  block: blockMessageCodec,
  subtree: subtreeMessageCodec,
  miningOn: miningOnMessageCodec,
  rejectedTx: rejectedTxMessageCodec,
}

export function encodeTopicMessage<K extends TopicKind>(kind: K, message: TopicMessages[K]): Uint8Array {
  return (TOPIC_CODECS[kind] as WireCodec<TopicMessages[K]>).encodeBytes(message)
}

/** Decodes a payload received on a topic of the given kind; never throws. */
export function decodeTopicMessage(kind: TopicKind, data: Uint8Array): Result<TopicMessage> {
  const decoded = (TOPIC_CODECS[kind] as WireCodec<AnyTopicMessage>).decode(data)
  return decoded.ok ? ok({ kind, message: decoded.value } as TopicMessage) : decoded
}
