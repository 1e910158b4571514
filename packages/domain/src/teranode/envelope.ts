import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'
import { goQuote } from '../json/go-json.js'
import { foldKey, JsonNumber, readJsonObject } from '../json/json-reader.js'
import { decodeGoBase64, encodeBase64 } from './go-base64.js'

/**
 * Room an envelope leaves for its name, beyond the base64 of its payload. The bus bounds names
 * only for display (64 bytes); a name escaped as \u00xx grows six-fold, and a generous allowance
 * costs nothing next to the payload caps.
 */
export const ENVELOPE_NAME_ROOM = 4096
const ENVELOPE_SKELETON_BYTES = '{"name":"","data":""}'.length

/** The largest envelope worth parsing for a payload cap: its base64 growth plus the name. */
export function envelopeMaxBytes(payloadMaxBytes: number): number {
  return 4 * Math.ceil(payloadMaxBytes / 3) + ENVELOPE_NAME_ROOM + ENVELOPE_SKELETON_BYTES
}

/** What every gossip payload of the teranode profile is: the sender's name and the inner bytes. */
export interface Envelope {
  /** As sent (after Go's own decoding); show it only through `envelopeDisplayName`. */
  readonly name: string
  readonly data: Uint8Array
}

const utf8 = new TextEncoder()

/** json.Marshal of the bus's `{Name string "name"; Data []byte "data"}`: byte for byte. */
export function encodeEnvelope(name: string, data: Uint8Array): Uint8Array {
  return utf8.encode(`{"name":${goQuote(name)},"data":"${encodeBase64(data)}"}`)
}

// Go decodes invalid UTF-8 inside a string to U+FFFD instead of failing; anywhere else it is a
// syntax error either way. The BOM is kept so that it fails as it does in Go.
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

function invalid(member: string, problem: string): P2PError {
  return new P2PError('invalid_field', `envelope.${member}: ${problem}`, {
    context: { message: 'envelope', field: member },
  })
}

/** A JSON array read into a Go []byte: each element a byte-sized integer, null leaving 0. */
function readByteArray(raw: readonly unknown[]): Uint8Array | undefined {
  const out = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const element = raw[i]
    if (element === null) continue
    if (!(element instanceof JsonNumber) || !/^(0|[1-9][0-9]{0,2})$/.test(element.text)) return undefined
    const value = Number(element.text)
    if (value > 255) return undefined
    out[i] = value
  }
  return out
}

/**
 * Reads an envelope as the bus's json.Unmarshal does: keys in any case, unknown keys ignored,
 * `null` members left empty, base64 as Go reads it. Unlike the bus we refuse an envelope without
 * data (missing, null or empty), since there is no payload to read in it, and any envelope or
 * payload over its cap. Never throws.
 */
export function decodeEnvelope(input: Uint8Array, payloadMaxBytes: number): Result<Envelope> {
  const maxBytes = envelopeMaxBytes(payloadMaxBytes)
  if (input.byteLength > maxBytes) {
    return err(
      new P2PError('payload_too_large', `envelope of ${input.byteLength} bytes exceeds ${maxBytes}`, {
        context: { size: input.byteLength, maxBytes },
      }),
    )
  }
  const object = readJsonObject(lenientUtf8.decode(input), Number.MAX_SAFE_INTEGER)
  if (!object.ok) return object
  let name = ''
  let data: Uint8Array | undefined
  for (const [key, raw] of Object.entries(object.value)) {
    const folded = foldKey(key)
    if (raw === null || (folded !== 'name' && folded !== 'data')) continue
    if (folded === 'name') {
      if (typeof raw !== 'string') return err(invalid('name', 'expected a string'))
      // Go turns an escaped lone surrogate into U+FFFD as it reads the string.
      name = raw.toWellFormed()
    } else {
      data =
        typeof raw === 'string' ? decodeGoBase64(raw) : Array.isArray(raw) ? readByteArray(raw) : undefined
      if (data === undefined) return err(invalid('data', 'expected standard base64 with padding'))
    }
  }
  if (data === undefined || data.length === 0) return err(invalid('data', 'missing or empty'))
  if (data.length > payloadMaxBytes) {
    return err(
      new P2PError('payload_too_large', `payload of ${data.length} bytes exceeds ${payloadMaxBytes}`, {
        context: { size: data.length, maxBytes: payloadMaxBytes },
      }),
    )
  }
  return ok({ name, data })
}

const MAX_NAME_BYTES = 64
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const GO_PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u

/**
 * The sender's name as the bus shows it to subscribers and logs: cut to 256 bytes first (a
 * split character then counting one U+FFFD per stray byte, as Go's decoder does), characters
 * that are not printable removed, then cut to 64 bytes without splitting a character.
 */
export function envelopeDisplayName(name: string): string {
  let text = name.toWellFormed()
  const bytes = utf8.encode(text)
  if (bytes.length > 4 * MAX_NAME_BYTES) {
    let cut = 4 * MAX_NAME_BYTES
    while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--
    text = lenientUtf8.decode(bytes.subarray(0, cut)) + '\ufffd'.repeat(4 * MAX_NAME_BYTES - cut)
  }
  let out = ''
  let size = 0
  for (const ch of text) {
    if (!GO_PRINTABLE.test(ch)) continue
    size += utf8.encode(ch).length
    if (size > MAX_NAME_BYTES) break
    out += ch
  }
  return out
}
