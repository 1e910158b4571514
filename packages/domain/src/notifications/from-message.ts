import type { TopicMessages } from '../messages/topic-messages.js'
import type { TopicKind } from '../topics/topic-kind.js'
import type { Notification } from './notification.js'

// A node status is told to clients by the core once it is recorded (its `nodeStatus` effect),
// so a client connecting in between finds it in the book instead of missing it.
type NotifiableKind = Exclude<TopicKind, 'bestBlock' | 'nodeStatus'>

/**
 * What a gossip message of each kind tells websocket clients. A mapped type over the topic
 * kinds: a new kind that should notify fails to compile until it is given a row here.
 */
const FROM_MESSAGE: {
  readonly [K in NotifiableKind]: (m: TopicMessages[K], timestampMs: number) => Notification
} = {
  block: (m, timestampMs) => ({
    type: 'block',
    timestampMs,
    hash: m.hash,
    baseUrl: m.dataHubUrl,
    peerId: m.peerId,
    height: m.height,
  }),
  subtree: (m, timestampMs) => ({
    type: 'subtree',
    timestampMs,
    hash: m.hash,
    baseUrl: m.dataHubUrl,
    peerId: m.peerId,
  }),
  miningOn: (m, timestampMs) => ({
    type: 'mining_on',
    timestampMs,
    hash: m.hash,
    baseUrl: m.dataHubUrl,
    peerId: m.peerId,
    previousHash: m.previousHash,
    height: m.height,
    miner: m.miner,
    sizeInBytes: m.sizeInBytes,
    txCount: m.txCount,
  }),
  rejectedTx: (m, timestampMs) => ({
    type: 'rejected_tx',
    timestampMs,
    hash: m.txId,
    peerId: m.peerId,
    reason: m.reason,
  }),
}

export function isNotifiableKind(kind: TopicKind): kind is NotifiableKind {
  return kind !== 'bestBlock' && kind !== 'nodeStatus'
}

export function notificationFromMessage<K extends NotifiableKind>(
  kind: K,
  message: TopicMessages[K],
  timestampMs: number,
): Notification {
  return (FROM_MESSAGE[kind] as (m: TopicMessages[K], t: number) => Notification)(message, timestampMs)
}
