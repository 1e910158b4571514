import type { PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { err, ok, P2PError, type Result } from '@p2p/domain'
import { isRefusedAddress } from '../admission/private-address-gater.js'

/**
 * go-p2p-message-bus's address exchange. Both versions carry the same bytes; 1.1.0 only adds
 * the requester's half-close, which lets the responder read the request to its end.
 */
export const ADDRESS_PROTOCOL_V1 = '/p2p-msg-bus/peer-addr-request/1.0.0'
export const ADDRESS_PROTOCOL_V1_1 = '/p2p-msg-bus/peer-addr-request/1.1.0'
/** What a requester offers, in order: the newer version first. */
export const ADDRESS_PROTOCOLS = [ADDRESS_PROTOCOL_V1_1, ADDRESS_PROTOCOL_V1] as const

/** The longest request (a base58 peer id) a responder accepts. */
export const MAX_REQUEST_BYTES = 128
/** A decoded id shorter than this (a sha2-256 multihash) is refused, as the bus refuses it. */
export const MIN_PEER_ID_BYTES = 34
/** Addresses in a reply, and addresses a requester keeps from one. */
export const MAX_SHARED_ADDRESSES = 32
export const MAX_REPLY_BYTES = 8 * 1024
/** Each side's deadline for the whole exchange. */
export const EXCHANGE_TIMEOUT_MS = 10_000

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/**
 * The request is the target's base58 peer id and nothing else: no JSON, no length prefix, no
 * newline. Anything else is refused (the responder resets the stream).
 */
export function parseAddressRequest(bytes: Uint8Array): Result<PeerId> {
  if (bytes.byteLength > MAX_REQUEST_BYTES) {
    return err(
      new P2PError('payload_too_large', `address request exceeds ${MAX_REQUEST_BYTES} bytes`, {
        context: { bytes: bytes.byteLength },
      }),
    )
  }
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch (error) {
    return err(new P2PError('invalid_utf8', 'address request is not text', { cause: error }))
  }
  let target: PeerId
  try {
    target = peerIdFromString(text)
  } catch (error) {
    return err(
      new P2PError('invalid_field', `address request is not a peer id (${bytes.byteLength} bytes)`, {
        cause: error,
      }),
    )
  }
  if (target.toMultihash().bytes.byteLength < MIN_PEER_ID_BYTES) {
    return err(new P2PError('invalid_field', 'address request names a peer id that is too short'))
  }
  return ok(target)
}

/**
 * What a responder shares of a peer's stored addresses: never relay addresses (the bus drops
 * any containing `/p2p-circuit`), at most 32. With `sharePrivate` false, loopback, private,
 * link-local and carrier-grade-NAT addresses are left out too: the bus itself shares them, but
 * its newest revisions keep them out of what a node announces (`p2p_share_private_addresses`),
 * and handing them out here would undo that for the peers we know.
 */
export function shareableAddresses(stored: readonly string[], sharePrivate: boolean): string[] {
  const out: string[] = []
  for (const address of stored) {
    if (out.length === MAX_SHARED_ADDRESSES) break
    if (address.includes('/p2p-circuit')) continue
    if (!sharePrivate && isPrivate(address)) continue
    out.push(address)
  }
  return out
}

function isPrivate(address: string): boolean {
  try {
    return isRefusedAddress(multiaddr(address))
  } catch {
    // Not a multiaddr we can read: not something to hand out either.
    return true
  }
}

/** The reply: a JSON array of strings, `[]` (never `null`) when nothing is known. */
export function encodeAddressReply(addresses: readonly string[]): Uint8Array {
  return encoder.encode(JSON.stringify(addresses))
}

/**
 * A reply as the requester keeps it: a JSON array of strings, else refused whole; then the
 * entries that are multiaddrs, at most 32. An entry naming another peer with `/p2p/` is dropped:
 * it would file that peer's address under the target.
 */
export function parseAddressReply(bytes: Uint8Array, target: string): Result<string[]> {
  if (bytes.byteLength > MAX_REPLY_BYTES) {
    return err(new P2PError('payload_too_large', `address reply exceeds ${MAX_REPLY_BYTES} bytes`))
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(strictUtf8.decode(bytes))
  } catch (error) {
    return err(new P2PError('invalid_json', 'address reply is not JSON', { cause: error }))
  }
  if (!Array.isArray(parsed)) {
    return err(new P2PError('invalid_field', 'address reply is not a JSON array'))
  }
  if (!parsed.every((entry): entry is string => typeof entry === 'string')) {
    return err(new P2PError('invalid_field', 'address reply holds something other than strings'))
  }
  const kept: string[] = []
  for (const entry of parsed) {
    if (kept.length === MAX_SHARED_ADDRESSES) break
    const address = readableAddress(entry, target)
    if (address !== undefined) kept.push(address)
  }
  return ok(kept)
}

function readableAddress(text: string, target: string): string | undefined {
  try {
    const address = multiaddr(text)
    const named = address.getComponents().filter((component) => component.name === 'p2p')
    if (named.some((component) => component.value !== target)) return undefined
    return address.toString()
  } catch {
    return undefined
  }
}
