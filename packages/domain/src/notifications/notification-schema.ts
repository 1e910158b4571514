import { z } from 'zod'
import {
  dataHubUrlSchema,
  FIELD_LIMITS,
  hashSchema,
  peerIdSchema,
  uint32Schema,
  uint64Schema,
} from '../messages/fields.js'
import { nodeStatusMessageSchema } from '../messages/node-status-message.js'
import type { Notification, NotificationType } from './notification.js'

const stamp = { timestampMs: z.number().int().optional() }
// Text is JSON-escaped on the way out, so any bounded string is safe to carry to a client.
const text = (maxChars: number) => z.string().max(maxChars)
// `omitempty` drops an empty previous hash, so a frame may come back without one.
const optionalHash = z.union([z.literal(''), hashSchema])

/** One strict schema per notification type; the same field rules as the gossip payloads. */
export const notificationSchemas = {
  block: z.strictObject({
    type: z.literal('block'),
    ...stamp,
    hash: hashSchema,
    baseUrl: dataHubUrlSchema,
    peerId: peerIdSchema,
    height: uint32Schema,
  }),
  subtree: z.strictObject({
    type: z.literal('subtree'),
    ...stamp,
    hash: hashSchema,
    baseUrl: dataHubUrlSchema,
    peerId: peerIdSchema,
  }),
  mining_on: z.strictObject({
    type: z.literal('mining_on'),
    ...stamp,
    hash: hashSchema,
    baseUrl: dataHubUrlSchema,
    peerId: peerIdSchema,
    previousHash: optionalHash,
    height: uint32Schema,
    miner: text(FIELD_LIMITS.minerChars),
    sizeInBytes: uint64Schema,
    txCount: uint64Schema,
  }),
  rejected_tx: z.strictObject({
    type: z.literal('rejected_tx'),
    ...stamp,
    hash: hashSchema,
    peerId: peerIdSchema,
    reason: text(FIELD_LIMITS.reasonChars),
  }),
  // The gossip payload's own schema: a status is told to clients as it was accepted.
  node_status: z.strictObject({ type: z.literal('node_status'), ...stamp, status: nodeStatusMessageSchema }),
  PING: z.strictObject({ type: z.literal('PING'), ...stamp }),
} as const satisfies {
  readonly [T in NotificationType]: z.ZodType<Extract<Notification, { type: T }>, unknown>
}

export const notificationSchema: z.ZodType<Notification, unknown> = z.discriminatedUnion('type', [
  notificationSchemas.block,
  notificationSchemas.subtree,
  notificationSchemas.mining_on,
  notificationSchemas.rejected_tx,
  notificationSchemas.node_status,
  notificationSchemas.PING,
])
