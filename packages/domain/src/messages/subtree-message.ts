import { z } from 'zod'
import type { Hash } from '../hash/hash.js'
import { dataHubUrlSchema, hashSchema, peerIdSchema } from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { defineWireCodec } from './wire-codec.js'

/** A new subtree (a batch of transaction ids), announced on the subtree topic. */
export interface SubtreeMessage {
  readonly hash: Hash
  readonly dataHubUrl: string
  readonly peerId: string
  /** The announcing node's client name; only the teranode profile's payload carries it. */
  readonly clientName?: string
}

export const subtreeMessageSchema = z.strictObject({
  hash: hashSchema,
  dataHubUrl: dataHubUrlSchema,
  peerId: peerIdSchema,
})

export const subtreeMessageCodec = defineWireCodec<SubtreeMessage>({
  name: 'SubtreeMessage',
  fields: [
    { wire: 'Hash', key: 'hash', type: 'string' },
    { wire: 'DataHubUrl', key: 'dataHubUrl', type: 'string' },
    { wire: 'PeerId', key: 'peerId', type: 'string' },
  ],
  schema: subtreeMessageSchema,
  maxBytes: MAX_PAYLOAD_BYTES.subtree,
})
