import { z } from 'zod'
import type { Hash } from '../hash/hash.js'
import {
  dataHubUrlSchema,
  FIELD_LIMITS,
  hashSchema,
  peerIdSchema,
  printableSchema,
  uint32Schema,
  uint64Schema,
} from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { defineWireCodec } from './wire-codec.js'

/**
 * "I am now mining on top of this block", filled from the best block header. Size and tx count
 * are Go uint64s and stay bigint here: a JS number would round them beyond 2^53.
 */
export interface MiningOnMessage {
  readonly hash: Hash
  readonly previousHash: Hash
  readonly dataHubUrl: string
  readonly peerId: string
  readonly height: number
  readonly miner: string
  readonly sizeInBytes: bigint
  readonly txCount: bigint
}

export const miningOnMessageSchema = z.strictObject({
  hash: hashSchema,
  previousHash: hashSchema,
  dataHubUrl: dataHubUrlSchema,
  peerId: peerIdSchema,
  height: uint32Schema,
  miner: printableSchema(FIELD_LIMITS.minerChars),
  sizeInBytes: uint64Schema,
  txCount: uint64Schema,
})

export const miningOnMessageCodec = defineWireCodec<MiningOnMessage>({
  name: 'MiningOnMessage',
  fields: [
    { wire: 'Hash', key: 'hash', type: 'string' },
    { wire: 'PreviousHash', key: 'previousHash', type: 'string' },
    { wire: 'DataHubUrl', key: 'dataHubUrl', type: 'string' },
    { wire: 'PeerId', key: 'peerId', type: 'string' },
    { wire: 'Height', key: 'height', type: 'uint32' },
    { wire: 'Miner', key: 'miner', type: 'string' },
    { wire: 'SizeInBytes', key: 'sizeInBytes', type: 'uint64' },
    { wire: 'TxCount', key: 'txCount', type: 'uint64' },
  ],
  schema: miningOnMessageSchema,
  maxBytes: MAX_PAYLOAD_BYTES.miningOn,
})
