import type { Hash } from '../hash/hash.js'
import type { NodeStatusMessage } from '../messages/node-status-message.js'

/** What websocket clients are told, one JSON text frame each. */
export const NOTIFICATION_TYPES = [
  'block',
  'subtree',
  'mining_on',
  'rejected_tx',
  'node_status',
  'PING',
] as const
export type NotificationType = (typeof NOTIFICATION_TYPES)[number]

interface Stamped {
  /** Milliseconds since the epoch; written to the second, in UTC. */
  readonly timestampMs?: number | undefined
}

export interface BlockNotification extends Stamped {
  readonly type: 'block'
  readonly hash: Hash
  readonly baseUrl: string
  readonly peerId: string
  readonly height: number
}

export interface SubtreeNotification extends Stamped {
  readonly type: 'subtree'
  readonly hash: Hash
  readonly baseUrl: string
  readonly peerId: string
}

export interface MiningOnNotification extends Stamped {
  readonly type: 'mining_on'
  readonly hash: Hash
  readonly baseUrl: string
  readonly peerId: string
  readonly previousHash: Hash | ''
  readonly height: number
  readonly miner: string
  readonly sizeInBytes: bigint
  readonly txCount: bigint
}

/** Not in the spec era's model; `hash` carries the tx id, as the reference later did. */
export interface RejectedTxNotification extends Stamped {
  readonly type: 'rejected_tx'
  readonly hash: Hash
  readonly peerId: string
  readonly reason: string
}

/**
 * A node's status as it arrived on the teranode profile's node_status topic (ours included).
 * The frame is the status's own JSON members after the timestamp (see notification-codec.ts).
 */
export interface NodeStatusNotification extends Stamped {
  readonly type: 'node_status'
  readonly status: NodeStatusMessage
}

export interface PingNotification extends Stamped {
  readonly type: 'PING'
}

export type Notification =
  | BlockNotification
  | SubtreeNotification
  | MiningOnNotification
  | RejectedTxNotification
  | NodeStatusNotification
  | PingNotification
