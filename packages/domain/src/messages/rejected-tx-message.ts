import { z } from 'zod'
import type { Hash } from '../hash/hash.js'
import { FIELD_LIMITS, hashSchema, peerIdSchema, printableSchema } from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { defineWireCodec } from './wire-codec.js'

/** A transaction this node's validator rejected, and why. */
export interface RejectedTxMessage {
  readonly txId: Hash
  readonly reason: string
  readonly peerId: string
  /** The announcing node's client name; only the teranode profile's payload carries it. */
  readonly clientName?: string
}

export const rejectedTxMessageSchema = z.strictObject({
  txId: hashSchema,
  reason: printableSchema(FIELD_LIMITS.reasonChars),
  peerId: peerIdSchema,
})

export const rejectedTxMessageCodec = defineWireCodec<RejectedTxMessage>({
  name: 'RejectedTxMessage',
  fields: [
    { wire: 'TxId', key: 'txId', type: 'string' },
    { wire: 'Reason', key: 'reason', type: 'string' },
    { wire: 'PeerId', key: 'peerId', type: 'string' },
  ],
  schema: rejectedTxMessageSchema,
  maxBytes: MAX_PAYLOAD_BYTES.rejectedTx,
})
