import { z } from 'zod'
import { requiredPeerIdSchema } from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { defineWireCodec } from './wire-codec.js'

/** "Tell me your best block": published on the best-block topic; answers come on the direct stream. */
export interface BestBlockMessage {
  readonly peerId: string
}

export const bestBlockMessageSchema = z.strictObject({ peerId: requiredPeerIdSchema })

export const bestBlockMessageCodec = defineWireCodec<BestBlockMessage>({
  name: 'BestBlockMessage',
  fields: [{ wire: 'PeerId', key: 'peerId', type: 'string' }],
  schema: bestBlockMessageSchema,
  maxBytes: MAX_PAYLOAD_BYTES.bestBlock,
})
