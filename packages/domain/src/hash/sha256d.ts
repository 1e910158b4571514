import { sha256 } from '@noble/hashes/sha2.js'

/** Bitcoin's double SHA-256; the result is in internal byte order. */
export function sha256d(data: Uint8Array): Uint8Array {
  return sha256(sha256(data))
}
