import { P2PError } from '../errors/p2p-error.js'

/**
 * A 32-byte hash as 64 lower-case hex characters in Bitcoin *display* order (the order of JSON
 * payloads and block explorers). gRPC `bytes hash` fields carry the same hash in *internal* order,
 * which is the byte-reverse; only the helpers below cross between the two.
 */
export type Hash = string & { readonly __brand: 'Hash' }

export const HASH_BYTES = 32
export const HASH_HEX_PATTERN = /^[0-9a-fA-F]{64}$/

const HEX = '0123456789abcdef'

export function isHashHex(value: unknown): boolean {
  return typeof value === 'string' && HASH_HEX_PATTERN.test(value)
}

/** Accepts either case (as Go's chainhash does) and normalises to lower case. */
export function hashFromHex(hex: string): Hash {
  if (!isHashHex(hex)) {
    throw new P2PError('invalid_hash', 'a hash is 64 hex characters', {
      context: { length: String(hex).length },
    })
  }
  return hex.toLowerCase() as Hash
}

/** Internal-order bytes (as in gRPC messages and block headers) → display-order hash. */
export function hashFromInternalBytes(bytes: Uint8Array): Hash {
  if (bytes.length !== HASH_BYTES) {
    throw new P2PError('invalid_hash', `a hash is ${HASH_BYTES} bytes`, { context: { length: bytes.length } })
  }
  let out = ''
  for (let i = HASH_BYTES - 1; i >= 0; i--) {
    const b = bytes[i] as number
    out += HEX[b >> 4] + (HEX[b & 15] as string)
  }
  return out as Hash
}

/** Display-order hash → internal-order bytes, ready for a gRPC `bytes hash` field. */
export function hashToInternalBytes(hash: Hash): Uint8Array {
  if (!isHashHex(hash)) throw new P2PError('invalid_hash', 'a hash is 64 hex characters')
  const out = new Uint8Array(HASH_BYTES)
  for (let i = 0; i < HASH_BYTES; i++) {
    out[HASH_BYTES - 1 - i] = Number.parseInt(hash.slice(i * 2, i * 2 + 2), 16)
  }
  return out
}

export const ZERO_HASH = '0'.repeat(64) as Hash
