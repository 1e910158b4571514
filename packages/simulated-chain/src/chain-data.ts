import {
  type Hash,
  hashFromInternalBytes,
  hashToInternalBytes,
  parseBlockHeader,
  type RejectedTx,
  serializeBlockHeader,
  unwrap,
} from '@p2p/domain'
import type { HeaderRecord } from './header-record.js'
import { type RandomSource, randomBytes, randomInt, randomItem } from './random-source.js'

/** A subtree as the simulated block assembly made it. */
export interface SimulatedSubtree {
  readonly hash: Hash
  readonly txCount: bigint
  readonly sizeInBytes: bigint
}

export const BLOCK_VERSION = 0x2000_0000
/** Regtest difficulty: about every other nonce meets it, so our headers carry real proof of work. */
export const REGTEST_BITS = 0x207f_ffff
/** The size of Bitcoin's genesis block, which the first simulated block imitates. */
const GENESIS_SIZE_BYTES = 285n
// Finding a nonce fails with probability 2^-attempts; this bound only keeps the loop finite.
const MAX_NONCE_ATTEMPTS = 4_096

export const REJECT_REASONS = [
  'missing inputs',
  'double spend',
  'script verification failed',
  'fee too low',
  'transaction is not final',
  'non-standard transaction',
  'transaction exceeds max size',
] as const

/** The compact `bits` expanded to a 64-char display-order hex target: equal-length hex compares as numbers. */
export function targetHexOf(bits: number): string {
  const exponent = bits >>> 24
  const mantissa = (bits & 0x7f_ffff).toString(16).padStart(6, '0')
  const full = exponent >= 3 ? mantissa + '00'.repeat(exponent - 3) : mantissa.slice(0, exponent * 2)
  return full.padStart(64, '0').slice(-64)
}

const REGTEST_TARGET = targetHexOf(REGTEST_BITS)

export interface HeaderInput {
  readonly previousHash: Hash
  readonly height: number
  readonly timestampMs: number
  readonly txCount: bigint
  readonly sizeInBytes: bigint
  readonly miner: string
}

/** Builds a header on `previousHash`, searching nonces from a random start until it meets the target. */
export function buildHeader(input: HeaderInput, random: RandomSource): HeaderRecord {
  const fields = {
    version: BLOCK_VERSION,
    previousHash: hashToInternalBytes(input.previousHash),
    merkleRoot: randomBytes(random, 32),
    timestamp: Math.min(0xffff_ffff, Math.floor(input.timestampMs / 1000)),
    bits: REGTEST_BITS,
  }
  const firstNonce = randomInt(random, 0, 0xffff_ffff)
  let header = serializeBlockHeader({ ...fields, nonce: firstNonce })
  let hash = unwrap(parseBlockHeader(header)).hash
  for (let attempt = 1; attempt < MAX_NONCE_ATTEMPTS && hash > REGTEST_TARGET; attempt++) {
    header = serializeBlockHeader({ ...fields, nonce: (firstNonce + attempt) >>> 0 })
    hash = unwrap(parseBlockHeader(header)).hash
  }
  const { previousHash, height, txCount, sizeInBytes, miner } = input
  return { info: Object.freeze({ hash, previousHash, height, txCount, sizeInBytes, miner }), header }
}

/** The first block: nothing before it, one coinbase transaction. */
export function buildGenesis(height: number, timestampMs: number, miner: string, random: RandomSource) {
  const previousHash = hashFromInternalBytes(new Uint8Array(32))
  return buildHeader(
    { previousHash, height, timestampMs, txCount: 1n, sizeInBytes: GENESIS_SIZE_BYTES, miner },
    random,
  )
}

export function buildSubtree(random: RandomSource): SimulatedSubtree {
  const txCount = randomInt(random, 256, 4_096)
  // Typical P2PKH spends are 190–250 bytes; some are bigger.
  const averageTxBytes = randomInt(random, 190, 480)
  return {
    hash: hashFromInternalBytes(randomBytes(random, 32)),
    txCount: BigInt(txCount),
    sizeInBytes: BigInt(txCount * averageTxBytes),
  }
}

export function buildRejectedTx(random: RandomSource, reason?: string): RejectedTx {
  return {
    txId: hashFromInternalBytes(randomBytes(random, 32)),
    reason: reason ?? randomItem(random, REJECT_REASONS),
  }
}
