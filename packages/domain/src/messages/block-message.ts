import { z } from 'zod'
import type { Hash } from '../hash/hash.js'
import { dataHubUrlSchema, hashSchema, peerIdSchema, uint32Schema } from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { defineWireCodec } from './wire-codec.js'

/**
 * A new block, announced on the block topic; also the body of a best-block reply on the direct
 * stream, where `peerId` is empty.
 */
export interface BlockMessage {
  readonly hash: Hash
  readonly height: number
  readonly dataHubUrl: string
  readonly peerId: string
  /** The announcing node's client name; only the teranode profile's payload carries it. */
  readonly clientName?: string
  /** The block's 80-byte header as hex; only the teranode profile's payload carries it. */
  readonly header?: string
  /** A coinbase transaction as hex; the teranode payload has room for it, nobody fills it. */
  readonly coinbase?: string
}

export const blockMessageSchema = z.strictObject({
  hash: hashSchema,
  height: uint32Schema,
  dataHubUrl: dataHubUrlSchema,
  peerId: peerIdSchema,
})

export const blockMessageCodec = defineWireCodec<BlockMessage>({
  name: 'BlockMessage',
  fields: [
    { wire: 'Hash', key: 'hash', type: 'string' },
    { wire: 'Height', key: 'height', type: 'uint32' },
    { wire: 'DataHubUrl', key: 'dataHubUrl', type: 'string' },
    { wire: 'PeerId', key: 'peerId', type: 'string' },
  ],
  schema: blockMessageSchema,
  maxBytes: MAX_PAYLOAD_BYTES.block,
})
