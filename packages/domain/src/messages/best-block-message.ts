import { z } from 'zod'
import { peerIdSchema } from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { defineWireCodec } from './wire-codec.js'

/** "Tell me your best block": published on the best-block topic; answers come on the direct stream. */
export interface BestBlockMessage {
  readonly peerId: string
}

// An empty PeerId is Go's zero value; the reply goes to the signed author in any case.
export const bestBlockMessageSchema = z.strictObject({ peerId: peerIdSchema })

export const bestBlockMessageCodec = defineWireCodec<BestBlockMessage>({
  name: 'BestBlockMessage',
  fields: [{ wire: 'PeerId', key: 'peerId', type: 'string' }],
  schema: bestBlockMessageSchema,
  maxBytes: MAX_PAYLOAD_BYTES.bestBlock,
})
