import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'
import { toDisplayText } from '../messages/fields.js'
import { nodeStatusMessageCodec } from '../messages/node-status-message.js'
import { MAX_PAYLOAD_BYTES } from '../messages/payload-limits.js'
import type { TopicMessage, TopicMessages } from '../messages/topic-messages.js'
import type { WireCodec } from '../messages/wire-codec.js'
import type { TopicKind } from '../topics/topic-kind.js'
import type { WireFormat } from '../wire/wire-format.js'
import { decodeEnvelope, encodeEnvelope } from './envelope.js'
import {
  CLIENT_NAME_CHARS,
  teranodeBlockCodec,
  teranodeRejectedTxCodec,
  teranodeSubtreeCodec,
} from './teranode-payloads.js'

/** The kinds on a teranode network, in the order of its topics. */
export const TERANODE_KINDS = [
  'block',
  'subtree',
  'nodeStatus',
  'rejectedTx',
] as const satisfies readonly TopicKind[]
export type TeranodeKind = (typeof TERANODE_KINDS)[number]

const CODECS: { readonly [K in TeranodeKind]: WireCodec<TopicMessages[K]> } = {
  block: teranodeBlockCodec,
  subtree: teranodeSubtreeCodec,
  nodeStatus: nodeStatusMessageCodec,
  rejectedTx: teranodeRejectedTxCodec,
}

const carried: ReadonlySet<TopicKind> = new Set(TERANODE_KINDS)
const isCarried = (kind: TopicKind): kind is TeranodeKind => carried.has(kind)

export interface TeranodeWireFormatOptions {
  /**
   * This node's client name: the envelope name of everything it publishes and the client name
   * of messages made without one. Non-empty printable ASCII without `<>&"'` or the backtick, at
   * most 64 characters, so that receivers keep it as it is.
   */
  readonly clientName: string
}

function notCarried(kind: TopicKind): P2PError {
  return new P2PError('not_carried', `the teranode wire profile has no ${kind} topic`, {
    context: { kind, profile: 'teranode' },
  })
}

const isRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input)

/**
 * The wire of today's Teranode networks: each payload is the message bus's envelope around
 * Teranode's own JSON, on the block, subtree, node_status and rejected_tx topics. Best-block
 * requests and mining-on announcements do not exist there.
 */
export function teranodeWireFormat(options: TeranodeWireFormatOptions): WireFormat {
  const { clientName } = options
  if (clientName === '' || toDisplayText(clientName, CLIENT_NAME_CHARS) !== clientName) {
    throw new P2PError(
      'invalid_config',
      `client name must be 1-${CLIENT_NAME_CHARS} printable ASCII characters without <>&"'\``,
      { context: { clientName: toDisplayText(clientName, CLIENT_NAME_CHARS) } },
    )
  }
  const codecOf = <K extends TeranodeKind>(kind: K) => CODECS[kind] as WireCodec<TopicMessages[K]>

  return {
    kinds: TERANODE_KINDS,
    carries: isCarried,
    create<K extends TopicKind>(kind: K, input: unknown): Result<TopicMessages[K]> {
      if (!isCarried(kind)) return err(notCarried(kind))
      const named = isRecord(input) && input.clientName === undefined ? { ...input, clientName } : input
      return codecOf(kind).create(named) as Result<TopicMessages[K]>
    },
    encode<K extends TopicKind>(kind: K, message: TopicMessages[K]): Uint8Array {
      if (!isCarried(kind)) throw notCarried(kind)
      const payload = (codecOf(kind) as WireCodec<TopicMessages[K]>).encodeBytes(message)
      return encodeEnvelope(clientName, payload)
    },
    decode(kind: TopicKind, data: Uint8Array): Result<TopicMessage> {
      if (!isCarried(kind)) return err(notCarried(kind))
      const cap = MAX_PAYLOAD_BYTES[kind]
      const envelope = decodeEnvelope(data, cap)
      if (!envelope.ok) return envelope
      const inner = codecOf(kind).decode(envelope.value.data, cap)
      return inner.ok ? ok({ kind, message: inner.value } as TopicMessage) : inner
    },
  }
}
