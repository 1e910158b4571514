import { z } from 'zod'
import type { BlockMessage } from '../messages/block-message.js'
import {
  dataHubUrlSchema,
  displayTextSchema,
  FIELD_LIMITS,
  hashSchema,
  hexOrEmptySchema,
  requiredPeerIdSchema,
  uint32Schema,
} from '../messages/fields.js'
import { MAX_PAYLOAD_BYTES } from '../messages/payload-limits.js'
import type { RejectedTxMessage } from '../messages/rejected-tx-message.js'
import type { SubtreeMessage } from '../messages/subtree-message.js'
import { defineWireCodec } from '../messages/wire-codec.js'

/** The reference bounds peer-chosen display strings (client names) to this many characters. */
export const CLIENT_NAME_CHARS = 64

// The reference filters a client name and a rejection reason instead of refusing the message:
// an odd name or a long validator message is no protocol violation. The announcement still
// counts, with the text bounded as a reference node would keep it.
const clientNameSchema = displayTextSchema(CLIENT_NAME_CHARS)
const reasonSchema = displayTextSchema(FIELD_LIMITS.reasonChars)

// Empty is Go's zero value (and what the reference accepts); otherwise the 80-byte header that
// every reference node sends. A shorter hex string would pass the reference's length-only check
// but means nothing, so we refuse it.
const headerSchema = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{160})?$/, 'must be empty or an 80-byte header as 160 hex characters')
  .transform((hex) => hex.toLowerCase())

// No reference node fills the coinbase, and the reference checks nothing in it so that another
// encoding cannot get a peer banned. We keep it when it is hex and drop it otherwise.
const coinbaseSchema = hexOrEmptySchema(Number.MAX_SAFE_INTEGER)

// Every teranode announcement names its author, and receivers drop it unless that is the signed
// author; an empty peer id can never pass, so it is refused here already.
export const teranodeBlockSchema = z.strictObject({
  peerId: requiredPeerIdSchema,
  clientName: clientNameSchema,
  dataHubUrl: dataHubUrlSchema,
  hash: hashSchema,
  height: uint32Schema,
  header: headerSchema.default(''),
  coinbase: coinbaseSchema.default(''),
})

export const teranodeSubtreeSchema = z.strictObject({
  peerId: requiredPeerIdSchema,
  clientName: clientNameSchema,
  dataHubUrl: dataHubUrlSchema,
  hash: hashSchema,
})

export const teranodeRejectedTxSchema = z.strictObject({
  peerId: requiredPeerIdSchema,
  clientName: clientNameSchema,
  txId: hashSchema,
  reason: reasonSchema,
})

/** Teranode's BlockMessage: a struct without tags, so Go field names in declaration order. */
export const teranodeBlockCodec = defineWireCodec<BlockMessage>({
  name: 'BlockMessage',
  fields: [
    { wire: 'PeerID', key: 'peerId', type: 'string' },
    { wire: 'ClientName', key: 'clientName', type: 'string' },
    { wire: 'DataHubURL', key: 'dataHubUrl', type: 'string' },
    { wire: 'Hash', key: 'hash', type: 'string' },
    { wire: 'Height', key: 'height', type: 'uint32' },
    { wire: 'Header', key: 'header', type: 'string' },
    { wire: 'Coinbase', key: 'coinbase', type: 'string' },
  ],
  schema: teranodeBlockSchema,
  maxBytes: MAX_PAYLOAD_BYTES.block,
})

export const teranodeSubtreeCodec = defineWireCodec<SubtreeMessage>({
  name: 'SubtreeMessage',
  fields: [
    { wire: 'PeerID', key: 'peerId', type: 'string' },
    { wire: 'ClientName', key: 'clientName', type: 'string' },
    { wire: 'DataHubURL', key: 'dataHubUrl', type: 'string' },
    { wire: 'Hash', key: 'hash', type: 'string' },
  ],
  schema: teranodeSubtreeSchema,
  maxBytes: MAX_PAYLOAD_BYTES.subtree,
})

export const teranodeRejectedTxCodec = defineWireCodec<RejectedTxMessage>({
  name: 'RejectedTxMessage',
  fields: [
    { wire: 'PeerID', key: 'peerId', type: 'string' },
    { wire: 'ClientName', key: 'clientName', type: 'string' },
    { wire: 'TxID', key: 'txId', type: 'string' },
    { wire: 'Reason', key: 'reason', type: 'string' },
  ],
  schema: teranodeRejectedTxSchema,
  maxBytes: MAX_PAYLOAD_BYTES.rejectedTx,
})
