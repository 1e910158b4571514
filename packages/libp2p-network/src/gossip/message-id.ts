import type { Message } from '@libp2p/gossipsub'
import type { RPC } from '@libp2p/gossipsub/message'

const SEQNO_BYTES = 8

/** Bytes as a string of one char per byte: cheap, without copying, and one-to-one. */
const latin1 = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? '' : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

/**
 * go-libp2p-pubsub's default message id, the one every Go peer uses: the author's peer id bytes
 * followed by the sequence number's 8 bytes (`teranode-wire.md` §10: "the default from+seqno
 * message id"). js gossipsub's own default (the author's public key, then the sequence number) is
 * a different id for the same message, so IHAVE, IWANT and IDONTWANT never matched a Go peer's,
 * and the IWANT promises each side kept for the other were never seen kept (a behaviour penalty).
 */
export function goMessageId(message: Message): Uint8Array {
  if (message.type !== 'signed') throw new Error('StrictSign gossip carries signed messages only')
  const from = message.from.toMultihash().bytes
  const id = new Uint8Array(from.length + SEQNO_BYTES)
  id.set(from, 0)
  new DataView(id.buffer).setBigUint64(from.length, message.sequenceNumber, false)
  return id
}

/**
 * The same id read straight from the received fields, before the signature is checked: a copy
 * of a message already seen is dropped here, without verifying its signature again (one copy per
 * mesh peer arrives, each costing an Ed25519 verification). Only a copy that passed the
 * signature check enters this cache, so a forged one cannot shadow a real one; a message with
 * no author or sequence number never passes it.
 */
export function fastMessageId(message: RPC.Message): string {
  return latin1(message.from) + latin1(message.seqno)
}

/** Message ids as map keys: latin1 instead of the library's base64. */
export function messageIdToString(id: Uint8Array): string {
  return latin1(id)
}
