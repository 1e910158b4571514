import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'
import { type Hash, hashFromInternalBytes } from '../hash/hash.js'
import { sha256d } from '../hash/sha256d.js'

export const BLOCK_HEADER_BYTES = 80

/** The fields of an 80-byte Bitcoin block header that the service needs. */
export interface BlockHeader {
  readonly hash: Hash
  readonly version: number
  readonly previousHash: Hash
  readonly merkleRoot: Hash
  readonly timestamp: number
  readonly bits: number
  readonly nonce: number
}

/**
 * Layout: version (4, LE) ‖ previous block hash (32, internal order) ‖ merkle root (32) ‖
 * time (4, LE) ‖ bits (4, LE) ‖ nonce (4, LE). The block hash is sha256d of all 80 bytes.
 */
export function parseBlockHeader(bytes: Uint8Array): Result<BlockHeader> {
  if (bytes.length !== BLOCK_HEADER_BYTES) {
    return err(
      new P2PError('invalid_header', `a block header is ${BLOCK_HEADER_BYTES} bytes`, {
        context: { length: bytes.length },
      }),
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return ok({
    hash: hashFromInternalBytes(sha256d(bytes)),
    version: view.getInt32(0, true),
    previousHash: hashFromInternalBytes(bytes.subarray(4, 36)),
    merkleRoot: hashFromInternalBytes(bytes.subarray(36, 68)),
    timestamp: view.getUint32(68, true),
    bits: view.getUint32(72, true),
    nonce: view.getUint32(76, true),
  })
}

export interface BlockHeaderFields {
  readonly version: number
  readonly previousHash: Uint8Array
  readonly merkleRoot: Uint8Array
  readonly timestamp: number
  readonly bits: number
  readonly nonce: number
}

/** Serialises header fields (hashes in internal order) to the 80-byte wire form. */
export function serializeBlockHeader(fields: BlockHeaderFields): Uint8Array {
  if (fields.previousHash.length !== 32 || fields.merkleRoot.length !== 32) {
    throw new P2PError('invalid_header', 'header hashes are 32 bytes')
  }
  const out = new Uint8Array(BLOCK_HEADER_BYTES)
  const view = new DataView(out.buffer)
  view.setInt32(0, fields.version, true)
  out.set(fields.previousHash, 4)
  out.set(fields.merkleRoot, 36)
  view.setUint32(68, fields.timestamp, true)
  view.setUint32(72, fields.bits, true)
  view.setUint32(76, fields.nonce, true)
  return out
}
