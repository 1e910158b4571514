import { randomFillSync } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { xsalsa20 } from '@noble/ciphers/salsa.js'
import { P2PError } from '@p2p/domain'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertKeystreamRoom, MAX_KEYSTREAM_BYTES, XSalsa20Keystream } from './xsalsa20-keystream.js'

interface WasmCipher {
  update(data: Uint8Array): Uint8Array
  finalize(): void
}

// The WASM cipher `@libp2p/pnet` uses is not our dependency; require it from where pnet resolves it.
const pnetDir = realpathSync(fileURLToPath(new URL('../../node_modules/@libp2p/pnet', import.meta.url)))
const wasmXsalsa20 = createRequire(join(pnetDir, 'package.json'))('xsalsa20') as (
  nonce: Uint8Array,
  key: Uint8Array,
) => WasmCipher

const key = fc.uint8Array({ minLength: 32, maxLength: 32 })
const nonce = fc.uint8Array({ minLength: 24, maxLength: 24 })

/** Cuts `data` at the given (unsorted, possibly repeated) offsets. */
function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (data.byteLength + 1)))].sort((a, b) => a - b)
  const pieces: Uint8Array[] = []
  let start = 0
  for (const offset of [...offsets, data.byteLength]) {
    pieces.push(data.subarray(start, offset))
    start = offset
  }
  return pieces
}

function chunkList(chunks: Uint8Array[]): Uint8Array[] & { byteLength: number } {
  return Object.assign(chunks, { byteLength: chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) })
}

describe('XSalsa20Keystream', () => {
  it('XORs a message split anywhere exactly like one noble call over the whole', () => {
    fc.assert(
      fc.property(key, nonce, fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat()), (k, n, data, cuts) => {
        const stream = new XSalsa20Keystream(k, n)
        const out = Buffer.concat(split(data, cuts).map((piece) => stream.xor(piece)))
        expect(out).toEqual(Buffer.from(xsalsa20(k, n, data)))
        expect(stream.position).toBe(data.byteLength)
      }),
    )
  })

  it('gives the same bytes as the WASM xsalsa20 module @libp2p/pnet uses', () => {
    fc.assert(
      fc.property(key, nonce, fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat()), (k, n, data, cuts) => {
        const ours = new XSalsa20Keystream(k, n)
        const theirs = wasmXsalsa20(n, k)
        try {
          for (const piece of split(data, cuts)) {
            expect(Buffer.from(ours.xor(piece))).toEqual(Buffer.from(theirs.update(piece)))
          }
        } finally {
          theirs.finalize()
        }
      }),
    )
  })

  it('handles chunk lists larger than its internal piece size, at unaligned offsets', () => {
    fc.assert(
      fc.property(
        key,
        nonce,
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (k, n, skew, length, cuts) => {
          const data = randomFillSync(new Uint8Array(length + skew)).subarray(skew)
          const stream = new XSalsa20Keystream(k, n)
          const out = Buffer.concat([
            stream.xor(data.subarray(0, 1)),
            stream.xorChunks(chunkList(split(data.subarray(1), cuts))),
          ])
          expect(out.equals(xsalsa20(k, n, data))).toBe(true)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('starting part-way in equals the tail of one noble call from the enclosing block', () => {
    fc.assert(
      // 63 + 100 bytes span at most three blocks, and noble's last usable block is 2^32 - 2.
      fc.property(
        key,
        nonce,
        fc.integer({ min: 0, max: 2 ** 32 - 4 }),
        fc.integer({ min: 0, max: 63 }),
        (k, n, block, lead) => {
          const data = randomFillSync(new Uint8Array(100))
          const padded = new Uint8Array(lead + data.byteLength)
          padded.set(data, lead)
          const expected = xsalsa20(k, n, padded, undefined, block).subarray(lead)
          const stream = new XSalsa20Keystream(k, n, block * 64 + lead)
          expect(Buffer.from(stream.xor(data))).toEqual(Buffer.from(expected))
        },
      ),
    )
  })

  it('leaves its input untouched', () => {
    const data = new Uint8Array(1000).fill(7)
    new XSalsa20Keystream(new Uint8Array(32), new Uint8Array(24), 5).xor(data)
    expect(data.every((byte) => byte === 7)).toBe(true)
  })
})

describe('the 256 GiB keystream cap', () => {
  it('is 2^32 - 1 blocks of 64 bytes', () => {
    expect(MAX_KEYSTREAM_BYTES).toBe(274_877_906_880)
  })

  it('allows a chunk that ends exactly at the cap and refuses one byte more', () => {
    expect(() => assertKeystreamRoom(MAX_KEYSTREAM_BYTES - 10, 10)).not.toThrow()
    expect(() => assertKeystreamRoom(MAX_KEYSTREAM_BYTES, 0)).not.toThrow()
    expect(() => assertKeystreamRoom(MAX_KEYSTREAM_BYTES - 10, 11)).toThrow(P2PError)
  })

  it('serves the last blocks, then fails with a clear error instead of wrapping', () => {
    const k = new Uint8Array(32).fill(1)
    const n = new Uint8Array(24).fill(2)
    const stream = new XSalsa20Keystream(k, n, MAX_KEYSTREAM_BYTES - 100)
    const last = stream.xor(new Uint8Array(100))
    const lastTwoBlocks = xsalsa20(k, n, new Uint8Array(128), undefined, 2 ** 32 - 3)
    expect(Buffer.from(last)).toEqual(Buffer.from(lastTwoBlocks.subarray(28)))
    expect(stream.xor(new Uint8Array(0))).toHaveLength(0)

    let failure: unknown
    try {
      stream.xor(new Uint8Array(1))
    } catch (error) {
      failure = error
    }
    expect(failure).toBeInstanceOf(P2PError)
    expect((failure as P2PError).code).toBe('payload_too_large')
    expect((failure as P2PError).message).toMatch(/256 GiB per direction.*reconnect/)
    expect(stream.position).toBe(MAX_KEYSTREAM_BYTES)
  })

  it('refuses to start beyond the cap', () => {
    expect(
      () => new XSalsa20Keystream(new Uint8Array(32), new Uint8Array(24), MAX_KEYSTREAM_BYTES + 1),
    ).toThrow(P2PError)
  })
})
