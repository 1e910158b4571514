import { parse } from 'lossless-json'
import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'

/**
 * A JSON number kept as its source text. Reading numbers as text is what lets uint64 fields
 * above 2^53 survive (JSON.parse would round them) and lets us refuse `1.0` or `1e3` where Go
 * refuses them for integer fields.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

const UNSIGNED_DIGITS = /^(0|[1-9][0-9]*)$/

/**
 * A JSON number as Go reads it into a uint32/uint64 field: digits only (no sign, fraction or
 * exponent) and in range; `undefined` for anything else. The length check keeps BigInt off
 * attacker-sized digit strings.
 */
export function readUnsigned(raw: unknown, bits: 32 | 64): bigint | undefined {
  if (!(raw instanceof JsonNumber)) return undefined
  const { text } = raw
  if (text.length > (bits === 64 ? 20 : 10) || !UNSIGNED_DIGITS.test(text)) return undefined
  const value = BigInt(text)
  return value < 1n << BigInt(bits) ? value : undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const asJsonNumber = (text: string): JsonNumber => new JsonNumber(text)

export type JsonObject = Readonly<Record<string, unknown>>

/**
 * Bytes → a plain JSON object, refusing (with a coded error, never a throw) anything over
 * `maxBytes`, anything that is not UTF-8, anything that is not JSON, and anything but an object
 * at the top. Duplicate keys with different values are refused: which one wins is exactly the
 * kind of ambiguity that lets one payload mean two things to two implementations.
 */
export function readJsonObject(input: Uint8Array | string, maxBytes: number): Result<JsonObject> {
  const size = typeof input === 'string' ? utf8ByteLength(input) : input.byteLength
  if (size > maxBytes) {
    return err(
      new P2PError('payload_too_large', `payload of ${size} bytes exceeds ${maxBytes}`, {
        context: { size, maxBytes },
      }),
    )
  }
  let text: string
  if (typeof input === 'string') {
    text = input
  } else {
    try {
      text = utf8.decode(input)
    } catch (cause) {
      return err(new P2PError('invalid_utf8', 'payload is not valid UTF-8', { cause }))
    }
  }
  let value: unknown
  try {
    value = parse(text, null, asJsonNumber)
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause)
    return err(new P2PError('invalid_json', `payload is not JSON: ${message.slice(0, 120)}`, { cause }))
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof JsonNumber) {
    return err(
      new P2PError('not_an_object', 'payload must be a JSON object', { context: { got: describe(value) } }),
    )
  }
  return ok(value as JsonObject)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof JsonNumber) return 'number'
  return typeof value
}

/** UTF-8 length of a JS string without allocating the encoded bytes. */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/**
 * Go matches JSON keys to struct fields case-insensitively (Unicode simple folding), so
 * `PeerId`, `PeerID` and `peerid` all fill the same field. `ſ` (U+017F) folds to `s` and `K`
 * (U+212A) to `k` there too; toLowerCase covers the Kelvin sign, the long s needs a hand.
 */
export function foldKey(key: string): string {
  return key.toLowerCase().replace(/\u017f/g, 's')
}
