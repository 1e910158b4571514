import {
  type BlockHeaderInfo,
  hashToInternalBytes,
  parseBlockHeader,
  serializeBlockHeader,
  unwrap,
} from '@p2p/domain'
import { aBlockHeaderInfo } from './chain-mothers.js'
import { aHash } from './identity-mothers.js'
import { randomBytes, randomInt } from './random.js'

/** Header info together with the 80-byte header it describes: its hash really is sha256d(header). */
export interface HeaderRecord {
  readonly info: BlockHeaderInfo
  readonly header: Uint8Array
}

/**
 * A block header whose info a real blockchain service could answer with: services that send the
 * 80 header bytes (gRPC) let the client derive hash and previous hash from them, so a mother with
 * an arbitrary hash would be a header no service can produce.
 */
export function aHeaderRecord(overrides: Partial<Omit<BlockHeaderInfo, 'hash'>> = {}): HeaderRecord {
  const previousHash = overrides.previousHash ?? aHash()
  const header = serializeBlockHeader({
    version: 0x2000_0000,
    previousHash: hashToInternalBytes(previousHash),
    merkleRoot: randomBytes(32),
    timestamp: 1_700_000_000 + randomInt(0, 100_000_000),
    bits: 0x1d00_ffff,
    nonce: randomInt(0, 0xffff_ffff),
  })
  const { hash } = unwrap(parseBlockHeader(header))
  return { info: aBlockHeaderInfo({ ...overrides, previousHash, hash }), header }
}
