import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../errors/error-codes.js'
import { isP2PError } from '../errors/p2p-error.js'
import type { Result } from '../errors/result.js'
import type { Hash } from '../hash/hash.js'
import { type GoJsonScalar, goObject } from '../json/go-json.js'
import { type BestBlockMessage, bestBlockMessageCodec } from './best-block-message.js'
import { type BlockMessage, blockMessageCodec } from './block-message.js'
import { FIELD_LIMITS, isPrintable, UINT32_MAX, UINT64_MAX } from './fields.js'
import { type MiningOnMessage, miningOnMessageCodec } from './mining-on-message.js'
import { type RejectedTxMessage, rejectedTxMessageCodec } from './rejected-tx-message.js'
import { type SubtreeMessage, subtreeMessageCodec } from './subtree-message.js'
import type { WireCodec } from './wire-codec.js'

// ---- arbitraries for valid messages ----

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')

const hashArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('hex') as Hash)
const peerIdArb = fc.string({ unit: fc.constantFrom(...ALNUM), maxLength: FIELD_LIMITS.peerIdChars })
const requiredPeerIdArb = fc.string({
  unit: fc.constantFrom(...ALNUM),
  minLength: 1,
  maxLength: FIELD_LIMITS.peerIdChars,
})

// Printable code points, weighted towards ASCII (where <, >, & and quotes live) but reaching
// U+2028, the BMP beyond the surrogates, and astral characters that need surrogate pairs (the
// bidirectional controls in those ranges are not printable, and are left out).
const printableCodePoint = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0x10ffff }) },
  )
  .map((code) => String.fromCodePoint(code))
  .filter(isPrintable)
// A code point is at most two UTF-16 units, so half the limit in code points stays within it.
const printableArb = (maxChars: number) => fc.string({ unit: printableCodePoint, maxLength: maxChars / 2 })

const dataHubUrlArb = fc.oneof(
  fc.constant(''),
  fc.constantFrom('http://localhost:8090/api/v1', 'https://node.example/api/v1?a=1&b=<2>'),
  fc
    .webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
    .filter((url) => url.length <= FIELD_LIMITS.urlChars),
)
const uint32Arb = fc.integer({ min: 0, max: UINT32_MAX })
const uint64Arb = fc.oneof(
  fc.bigInt({ min: 0n, max: UINT64_MAX }),
  fc.constantFrom(0n, 1n, (1n << 53n) + 1n, UINT64_MAX - 1n, UINT64_MAX),
)

const bestBlockArb: fc.Arbitrary<BestBlockMessage> = fc.record({ peerId: requiredPeerIdArb })
const blockArb: fc.Arbitrary<BlockMessage> = fc.record({
  hash: hashArb,
  height: uint32Arb,
  dataHubUrl: dataHubUrlArb,
  peerId: peerIdArb,
})
const subtreeArb: fc.Arbitrary<SubtreeMessage> = fc.record({
  hash: hashArb,
  dataHubUrl: dataHubUrlArb,
  peerId: peerIdArb,
})
const miningOnArb: fc.Arbitrary<MiningOnMessage> = fc.record({
  hash: hashArb,
  previousHash: hashArb,
  dataHubUrl: dataHubUrlArb,
  peerId: peerIdArb,
  height: uint32Arb,
  miner: printableArb(FIELD_LIMITS.minerChars),
  sizeInBytes: uint64Arb,
  txCount: uint64Arb,
})
const rejectedTxArb: fc.Arbitrary<RejectedTxMessage> = fc.record({
  txId: hashArb,
  reason: printableArb(FIELD_LIMITS.reasonChars),
  peerId: peerIdArb,
})

// ---- arbitraries for hostile input ----

const JSON_ALPHABET = '{}[]":,0123456789.-+eE \\/utnrfalsHhPpIiDdTxXUuRr'.split('')
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))
const numberText = fc.oneof(
  fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map(String),
  fc.constantFrom('1.0', '1e3', '-0', '0.5', '4294967296', '18446744073709551616', '1E400', '-1'),
  fc.double().filter(Number.isFinite).map(String),
)
const memberValueText = fc.oneof(
  numberText,
  hashArb.map((hash) => JSON.stringify(hash)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: anyCodeUnit }).map((text) => JSON.stringify(text)),
)

const randomCase = (text: string, flips: readonly boolean[]) =>
  [...text]
    .map((ch, i) => (flips[i % Math.max(flips.length, 1)] ? ch.toUpperCase() : ch.toLowerCase()))
    .join('')

type Mutation = { op: 'flip' | 'truncate' | 'insert' | 'delete'; at: number; byte: number }
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('flip', 'truncate', 'insert', 'delete'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
})

function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Array.from(input)
  for (const { op, at, byte } of mutations) {
    const i = bytes.length === 0 ? 0 : at % bytes.length
    if (op === 'flip' && bytes.length > 0) bytes[i] = (bytes[i] ?? 0) ^ (byte || 1)
    else if (op === 'truncate') bytes = bytes.slice(0, i)
    else if (op === 'insert') bytes.splice(i, 0, byte)
    else if (op === 'delete') bytes.splice(i, 1)
  }
  return Uint8Array.from(bytes)
}

// ---- the suite, one per codec ----

const errorCodes: readonly string[] = ERROR_CODES

function expectWellFormed<T>(codec: WireCodec<T>, result: Result<T>): void {
  if (result.ok) {
    // Whatever decodes must satisfy the schema and be publishable again unchanged.
    expect(codec.schema.safeParse(result.value).success).toBe(true)
    const again = codec.decode(codec.encode(result.value))
    expect(again).toEqual(result)
  } else {
    expect(isP2PError(result.error)).toBe(true)
    expect(errorCodes).toContain(result.error.code)
  }
}

function codecProperties<T>(
  codec: WireCodec<T>,
  arb: fc.Arbitrary<T>,
  members: ReadonlyArray<readonly [wire: string, key: keyof T & string]>,
): void {
  describe(codec.name, () => {
    it('decode(encode(x)) equals x', () => {
      fc.assert(
        fc.property(arb, (message) => {
          expect(codec.decode(codec.encode(message))).toEqual({ ok: true, value: message })
        }),
        { numRuns: 2000 },
      )
    })

    it('encodes deterministically, identically as text and bytes, and stably across a round trip', () => {
      fc.assert(
        fc.property(arb, (message) => {
          const text = codec.encode(message)
          expect(codec.encode(message)).toBe(text)
          expect(codec.encodeBytes(message)).toEqual(new TextEncoder().encode(text))
          expect(codec.decode(codec.encodeBytes(message))).toEqual(codec.decode(text))
          const back = codec.decode(text)
          if (back.ok) expect(codec.encode(back.value)).toBe(text)
          // Go-style output: the spec-era keys in declaration order, nothing between tokens.
          expect(text.startsWith(`{"${members[0]?.[0]}":`)).toBe(true)
          expect(/[<>&\u2028\u2029]/.test(text)).toBe(false)
        }),
      )
    })

    it('decodes members in any order and keys in any case', () => {
      fc.assert(
        fc.property(
          arb,
          fc.shuffledSubarray([...members], { minLength: members.length }),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
          (message, order, flips) => {
            const text = goObject(
              order.map(([wire, key]) => [randomCase(wire, flips), message[key] as GoJsonScalar]),
            )
            expect(codec.decode(text)).toEqual({ ok: true, value: message })
          },
        ),
      )
    })

    it('never throws on arbitrary bytes, small or up to 40 KiB', () => {
      const bytes = fc.oneof(fc.uint8Array(), fc.uint8Array({ maxLength: 40 * 1024, size: 'max' }))
      fc.assert(fc.property(bytes, (input) => expectWellFormed(codec, codec.decode(input))))
    })

    it('refuses anything over its cap as payload_too_large', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: codec.maxBytes + 1, maxLength: codec.maxBytes + 64 }),
          (input) => {
            const result = codec.decode(input)
            expect(result.ok).toBe(false)
            if (!result.ok) expect(result.error.code).toBe('payload_too_large')
          },
        ),
        { numRuns: 20 },
      )
    })

    it('never throws on arbitrary strings', () => {
      const strings = fc.oneof(
        fc.string({ unit: anyCodeUnit }),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.constantFrom(...JSON_ALPHABET) }),
      )
      fc.assert(fc.property(strings, (input) => expectWellFormed(codec, codec.decode(input))))
    })

    it('never throws on arbitrary JSON and arbitrary objects', () => {
      const texts = fc.oneof(
        fc.json(),
        fc.object().map((object) => JSON.stringify(object)),
        fc.object({ withNullPrototype: true }).map((object) => JSON.stringify(object)),
      )
      fc.assert(fc.property(texts, (input) => expectWellFormed(codec, codec.decode(input))))
    })

    it('never throws on objects whose keys resemble its members and whose values are anything', () => {
      const keys = fc.oneof(
        fc
          .constantFrom(...members.map(([wire]) => wire))
          .chain((wire) =>
            fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }).map((flips) => randomCase(wire, flips)),
          ),
        fc.constantFrom('__proto__', 'constructor', 'toString', 'PeerID', 'TxID', 'DataHubURL', ''),
      )
      const objectText = fc
        .array(fc.tuple(keys, memberValueText), { maxLength: 12 })
        .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`)
      fc.assert(fc.property(objectText, (input) => expectWellFormed(codec, codec.decode(input))))
    })

    it('never throws on mutated valid payloads', () => {
      fc.assert(
        fc.property(arb, fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (message, mutations) => {
          const input = mutate(codec.encodeBytes(message), mutations)
          expectWellFormed(codec, codec.decode(input))
        }),
        { numRuns: 500 },
      )
    })
  })
}

describe('codec properties', () => {
  codecProperties(bestBlockMessageCodec, bestBlockArb, [['PeerId', 'peerId']])
  codecProperties(blockMessageCodec, blockArb, [
    ['Hash', 'hash'],
    ['Height', 'height'],
    ['DataHubUrl', 'dataHubUrl'],
    ['PeerId', 'peerId'],
  ])
  codecProperties(subtreeMessageCodec, subtreeArb, [
    ['Hash', 'hash'],
    ['DataHubUrl', 'dataHubUrl'],
    ['PeerId', 'peerId'],
  ])
  codecProperties(miningOnMessageCodec, miningOnArb, [
    ['Hash', 'hash'],
    ['PreviousHash', 'previousHash'],
    ['DataHubUrl', 'dataHubUrl'],
    ['PeerId', 'peerId'],
    ['Height', 'height'],
    ['Miner', 'miner'],
    ['SizeInBytes', 'sizeInBytes'],
    ['TxCount', 'txCount'],
  ])
  codecProperties(rejectedTxMessageCodec, rejectedTxArb, [
    ['TxId', 'txId'],
    ['Reason', 'reason'],
    ['PeerId', 'peerId'],
  ])
})
