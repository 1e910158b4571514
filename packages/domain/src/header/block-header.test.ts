import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { P2PError } from '../errors/p2p-error.js'
import { type Hash, hashToInternalBytes, ZERO_HASH } from '../hash/hash.js'
import { BLOCK_HEADER_BYTES, parseBlockHeader, serializeBlockHeader } from './block-header.js'

const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'))

const GENESIS_HEADER = fromHex(
  '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c',
)
const GENESIS_HASH = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f'

// Block 1 names the genesis block as its parent: reading its previous hash in the wrong byte
// order is exactly the bug this vector catches.
const BLOCK_1_HEADER = fromHex(
  '010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649ffff001d01e36299',
)

function parsed(bytes: Uint8Array) {
  const result = parseBlockHeader(bytes)
  if (!result.ok) throw result.error
  return result.value
}

describe('parseBlockHeader', () => {
  it('parses the genesis header', () => {
    expect(GENESIS_HEADER.length).toBe(BLOCK_HEADER_BYTES)
    expect(parsed(GENESIS_HEADER)).toEqual({
      hash: GENESIS_HASH,
      version: 1,
      previousHash: ZERO_HASH,
      merkleRoot: '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b',
      timestamp: 1231006505,
      bits: 0x1d00ffff,
      nonce: 2083236893,
    })
  })

  it('parses block 1, whose previous hash is the genesis hash in display order', () => {
    expect(parsed(BLOCK_1_HEADER)).toEqual({
      hash: '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048',
      version: 1,
      previousHash: GENESIS_HASH,
      merkleRoot: '0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098',
      timestamp: 1231469665,
      bits: 0x1d00ffff,
      nonce: 2573394689,
    })
  })

  it('parses a header that is a view into a larger buffer', () => {
    const buffer = new Uint8Array(BLOCK_HEADER_BYTES + 13)
    buffer.set(GENESIS_HEADER, 7)
    expect(parsed(buffer.subarray(7, 7 + BLOCK_HEADER_BYTES))).toEqual(parsed(GENESIS_HEADER))
  })

  it('reads the version as a signed 32-bit integer', () => {
    const header = Uint8Array.from(GENESIS_HEADER)
    header.set([0xff, 0xff, 0xff, 0xff], 0)
    expect(parsed(header).version).toBe(-1)
  })

  it('refuses any other length with invalid_header instead of throwing', () => {
    for (const length of [0, 32, 79, 81, 160]) {
      const result = parseBlockHeader(new Uint8Array(length))
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(P2PError)
        expect(result.error.code).toBe('invalid_header')
      }
    }
  })
})

describe('serializeBlockHeader', () => {
  it('round-trips the genesis header byte for byte', () => {
    const header = parsed(GENESIS_HEADER)
    const bytes = serializeBlockHeader({
      version: header.version,
      previousHash: hashToInternalBytes(header.previousHash),
      merkleRoot: hashToInternalBytes(header.merkleRoot),
      timestamp: header.timestamp,
      bits: header.bits,
      nonce: header.nonce,
    })
    expect(bytes).toEqual(GENESIS_HEADER)
  })

  it('round-trips arbitrary fields', () => {
    const hashBytes = fc.uint8Array({ minLength: 32, maxLength: 32 })
    const uint32 = fc.integer({ min: 0, max: 0xffff_ffff })
    fc.assert(
      fc.property(
        fc.record({
          version: fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }),
          previousHash: hashBytes,
          merkleRoot: hashBytes,
          timestamp: uint32,
          bits: uint32,
          nonce: uint32,
        }),
        (fields) => {
          const bytes = serializeBlockHeader(fields)
          expect(bytes.length).toBe(BLOCK_HEADER_BYTES)
          const header = parsed(bytes)
          expect(header.version).toBe(fields.version)
          expect(hashToInternalBytes(header.previousHash)).toEqual(fields.previousHash)
          expect(hashToInternalBytes(header.merkleRoot)).toEqual(fields.merkleRoot)
          expect(header.timestamp).toBe(fields.timestamp)
          expect(header.bits).toBe(fields.bits)
          expect(header.nonce).toBe(fields.nonce)
        },
      ),
    )
  })

  it('refuses hashes that are not 32 bytes with invalid_header', () => {
    const base = {
      version: 1,
      previousHash: new Uint8Array(32),
      merkleRoot: new Uint8Array(32),
      timestamp: 0,
      bits: 0,
      nonce: 0,
    }
    for (const fields of [
      { ...base, previousHash: new Uint8Array(31) },
      { ...base, merkleRoot: new Uint8Array(33) },
    ]) {
      expect(() => serializeBlockHeader(fields)).toThrow(
        expect.objectContaining({ name: 'P2PError', code: 'invalid_header' }),
      )
    }
  })

  it('hashes what it serialises the way the header parser does', () => {
    const previous = hashToInternalBytes(GENESIS_HASH as Hash)
    const bytes = serializeBlockHeader({
      version: 1,
      previousHash: previous,
      merkleRoot: fromHex('982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e'),
      timestamp: 1231469665,
      bits: 0x1d00ffff,
      nonce: 2573394689,
    })
    expect(bytes).toEqual(BLOCK_1_HEADER)
  })
})
