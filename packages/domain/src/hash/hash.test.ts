import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { P2PError } from '../errors/p2p-error.js'
import {
  HASH_BYTES,
  type Hash,
  hashFromHex,
  hashFromInternalBytes,
  hashToInternalBytes,
  isHashHex,
  ZERO_HASH,
} from './hash.js'
import { sha256d } from './sha256d.js'

const GENESIS_HASH = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f'
// The same hash as the bytes a gRPC `bytes hash` field carries: leading zeros of the display form
// are trailing zeros here.
const GENESIS_INTERNAL_HEX = '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'))

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return error instanceof P2PError ? error.code : 'not a P2PError'
  }
  return undefined
}

describe('hash byte order', () => {
  it('reverses between display hex and internal bytes', () => {
    const internal = Uint8Array.from({ length: 32 }, (_, i) => i)
    const hash = hashFromInternalBytes(internal)
    expect(hash.startsWith('1f1e1d')).toBe(true)
    expect(hash.endsWith('020100')).toBe(true)
    expect(hashToInternalBytes(hash)).toEqual(internal)
    expect(hashFromHex(hash.toUpperCase())).toBe(hash)
  })

  it('matches the genesis block hash in both orders', () => {
    expect(hashFromInternalBytes(fromHex(GENESIS_INTERNAL_HEX))).toBe(GENESIS_HASH)
    expect(hex(hashToInternalBytes(GENESIS_HASH as Hash))).toBe(GENESIS_INTERNAL_HEX)
  })

  it('reads internal bytes from a view into a larger buffer', () => {
    const buffer = new Uint8Array(40)
    buffer.set(fromHex(GENESIS_INTERNAL_HEX), 5)
    expect(hashFromInternalBytes(buffer.subarray(5, 37))).toBe(GENESIS_HASH)
  })

  it('round-trips any 32 bytes and any lower-case hash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: HASH_BYTES, maxLength: HASH_BYTES }), (bytes) => {
        const hash = hashFromInternalBytes(bytes)
        expect(hash).toMatch(/^[0-9a-f]{64}$/)
        expect(hash).toBe(hex(Uint8Array.from(bytes).reverse()))
        expect(hashToInternalBytes(hash)).toEqual(bytes)
        expect(hashFromHex(hash.toUpperCase())).toBe(hash)
      }),
    )
  })

  it('refuses internal bytes of the wrong length with invalid_hash', () => {
    for (const length of [0, 1, 31, 33, 64]) {
      expect(codeOf(() => hashFromInternalBytes(new Uint8Array(length)))).toBe('invalid_hash')
    }
  })
})

describe('hashFromHex', () => {
  it('accepts either case and normalises to lower case', () => {
    expect(hashFromHex(GENESIS_HASH.toUpperCase())).toBe(GENESIS_HASH)
    expect(hashFromHex(`${'AbCdEf'.repeat(10)}ABCD`)).toBe(`${'abcdef'.repeat(10)}abcd`)
  })

  it('refuses anything but 64 hex characters with invalid_hash', () => {
    for (const bad of [
      '',
      'ab',
      GENESIS_HASH.slice(1),
      `${GENESIS_HASH}0`,
      `${GENESIS_HASH.slice(1)}g`,
      ` ${GENESIS_HASH.slice(1)}`,
    ]) {
      expect(codeOf(() => hashFromHex(bad))).toBe('invalid_hash')
    }
    // A trailing newline must not slip through an anchored pattern.
    expect(codeOf(() => hashFromHex(`${GENESIS_HASH}\n`))).toBe('invalid_hash')
  })

  it('isHashHex agrees and tolerates non-strings', () => {
    expect(isHashHex(GENESIS_HASH)).toBe(true)
    expect(isHashHex(GENESIS_HASH.toUpperCase())).toBe(true)
    expect(isHashHex(GENESIS_HASH.slice(2))).toBe(false)
    expect(isHashHex(undefined)).toBe(false)
    expect(isHashHex(42)).toBe(false)
  })

  it('ZERO_HASH is 64 zeros', () => {
    expect(ZERO_HASH).toBe('0'.repeat(64))
    expect(hashToInternalBytes(ZERO_HASH)).toEqual(new Uint8Array(32))
  })
})

describe('sha256d', () => {
  it('matches known double-SHA-256 vectors', () => {
    expect(hex(sha256d(new Uint8Array()))).toBe(
      '5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456',
    )
    expect(hex(sha256d(new TextEncoder().encode('hello')))).toBe(
      '9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50',
    )
  })

  it('returns 32 bytes', () => {
    expect(sha256d(new Uint8Array(1000)).length).toBe(32)
  })
})
