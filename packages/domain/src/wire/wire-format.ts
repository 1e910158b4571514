import type { Result } from '../errors/result.js'
import type { TopicMessage, TopicMessages } from '../messages/topic-messages.js'
import type { TopicKind } from '../topics/topic-kind.js'

/**
 * How one wire profile writes and reads gossip: which kinds exist on its wire and, for each,
 * the payload bytes of a message. Pure, no I/O. The composition root picks one for the profile
 * it runs; the core and the network adapter are handed the same one and never ask which it is.
 */
export interface WireFormat {
  /** The kinds this format carries, in a stable order; no other kind exists on its wire. */
  readonly kinds: readonly TopicKind[]
  carries(kind: TopicKind): boolean
  /**
   * Validates a message built from port data, the one way to make one safely. What it returns
   * is frozen, and `encode` writes it without checking it again. A kind this format does not
   * carry is refused with `not_carried`.
   */
  create<K extends TopicKind>(kind: K, input: unknown): Result<TopicMessages[K]>
  /**
   * The gossip payload of a message. Throws a P2PError: `not_carried` for a kind this format
   * does not carry, `invalid_field` for a message it did not make that breaks its schema.
   */
  encode<K extends TopicKind>(kind: K, message: TopicMessages[K]): Uint8Array
  /** Reads a payload received on a kind's topic. Never throws: every failure is a coded P2PError. */
  decode(kind: TopicKind, data: Uint8Array): Result<TopicMessage>
}
