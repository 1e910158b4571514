import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'
import { bestBlockMessageCodec } from '../messages/best-block-message.js'
import { blockMessageCodec } from '../messages/block-message.js'
import { miningOnMessageCodec } from '../messages/mining-on-message.js'
import { rejectedTxMessageCodec } from '../messages/rejected-tx-message.js'
import { subtreeMessageCodec } from '../messages/subtree-message.js'
import type { AnyTopicMessage, TopicMessage, TopicMessages } from '../messages/topic-messages.js'
import type { WireCodec } from '../messages/wire-codec.js'
import type { TopicKind } from '../topics/topic-kind.js'
import type { WireFormat } from './wire-format.js'

/** The kinds the spec's dialect has a topic for. */
export type Spec2024Kind = 'bestBlock' | 'block' | 'subtree' | 'miningOn' | 'rejectedTx'

/** The spec era's payload of each kind it has: a Go struct's JSON, raw, with no envelope. */
export const SPEC2024_CODECS: { readonly [K in Spec2024Kind]: WireCodec<TopicMessages[K]> } = {
  bestBlock: bestBlockMessageCodec,
  block: blockMessageCodec,
  subtree: subtreeMessageCodec,
  miningOn: miningOnMessageCodec,
  rejectedTx: rejectedTxMessageCodec,
}

export const SPEC2024_KINDS = Object.keys(SPEC2024_CODECS) as readonly Spec2024Kind[]

const encoder = new TextEncoder()

export function notCarried(kind: TopicKind, profile: string): P2PError {
  return new P2PError('not_carried', `the ${profile} wire profile has no ${kind} topic`, {
    context: { kind },
  })
}

function codecOf(kind: TopicKind): WireCodec<AnyTopicMessage> | undefined {
  return (SPEC2024_CODECS as Partial<Record<TopicKind, WireCodec<AnyTopicMessage>>>)[kind]
}

/**
 * The spec's dialect (the default profile): five topics, each payload the raw JSON of a Go
 * struct. Fields a later profile added to a message (a client name, a block header) are not on
 * this wire: they are written nowhere and never read.
 */
export const spec2024WireFormat: WireFormat = {
  kinds: SPEC2024_KINDS,
  carries: (kind) => codecOf(kind) !== undefined,
  create<K extends TopicKind>(kind: K, input: unknown): Result<TopicMessages[K]> {
    const codec = codecOf(kind)
    if (codec === undefined) return err(notCarried(kind, 'spec2024'))
    return codec.create(input) as Result<TopicMessages[K]>
  },
  encode<K extends TopicKind>(kind: K, message: TopicMessages[K]): Uint8Array {
    const codec = codecOf(kind)
    if (codec === undefined) throw notCarried(kind, 'spec2024')
    return encoder.encode(codec.encode(message))
  },
  decode(kind: TopicKind, data: Uint8Array): Result<TopicMessage> {
    const codec = codecOf(kind)
    if (codec === undefined) return err(notCarried(kind, 'spec2024'))
    const decoded = codec.decode(data)
    return decoded.ok ? ok({ kind, message: decoded.value } as TopicMessage) : decoded
  },
}
