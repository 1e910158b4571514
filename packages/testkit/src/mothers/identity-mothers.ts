import { HASH_BYTES, type Hash, hashFromInternalBytes, RAW_ED25519_KEY_BYTES } from '@p2p/domain'
import { BASE58_ALPHABET, randomBytes, randomInt, randomItem, randomText } from './random.js'

// An Ed25519 peer id in base58 is always this prefix (identity multihash of a protobuf key) plus 44 characters.
export const PEER_ID_PREFIX = '12D3KooW'
export const PEER_ID_SUFFIX_CHARS = 44

export function aHash(): Hash {
  return hashFromInternalBytes(randomBytes(HASH_BYTES))
}

export function aPeerId(): string {
  return PEER_ID_PREFIX + randomText(BASE58_ALPHABET, PEER_ID_SUFFIX_CHARS)
}

/** An absolute http(s) data hub URL, as peers announce them. */
export function aDataHubUrl(): string {
  const host = `node-${randomText('abcdefghijklmnopqrstuvwxyz0123456789', 6)}`
  return randomItem([
    `https://${host}.example.com/api/v1`,
    `http://${host}.example:${randomInt(1024, 65535)}/api/v1`,
    `http://${host}.example:8090`,
  ])
}

/** 64 raw bytes in the KeyStore's layout; random, so not a real seed/public-key pair. */
export function aRawKey(): Uint8Array {
  return randomBytes(RAW_ED25519_KEY_BYTES)
}
