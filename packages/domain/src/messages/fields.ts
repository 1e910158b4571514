import { z } from 'zod'
import { HASH_HEX_PATTERN, type Hash } from '../hash/hash.js'

/** Limits per field, from the reference's later receive-side hardening. */
export const FIELD_LIMITS = {
  peerIdChars: 128,
  urlChars: 2048,
  reasonChars: 1024,
  minerChars: 1024,
} as const

export const UINT32_MAX = 0xffff_ffff
export const UINT64_MAX = (1n << 64n) - 1n

// C0 controls, DEL and C1 controls: never legitimate in the text fields we carry. Nor are the
// bidirectional controls (ALM U+061C, LRM/RLM U+200E-F, the embeddings and overrides
// U+202A-E, the isolates U+2066-9): shown in a log, a terminal or the dashboard, they reorder
// what follows them, so a reason or URL could read as something it is not ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARS_GLOBAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const PEER_ID_CHARS = /^[A-Za-z0-9]*$/

export function isPrintable(text: string): boolean {
  return !CONTROL_CHARS.test(text) && text.isWellFormed()
}

/**
 * Makes text from an upstream service safe to announce: control characters (bidirectional ones
 * included) become spaces, lone surrogates U+FFFD, and the result is cut to `maxChars` without
 * splitting a surrogate pair.
 */
export function toPrintable(text: string, maxChars: number): string {
  let out = text.toWellFormed().replace(CONTROL_CHARS_GLOBAL, ' ')
  if (out.length > maxChars) {
    const last = out.charCodeAt(maxChars - 1)
    out = out.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars)
  }
  return out
}

// WHATWG URL parsing repairs sloppy input (trims spaces, supplies a missing `//`), and the
// repaired form is not what we would forward; so the text itself must already be canonical.
const HTTP_URL_SHAPE = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i

export function isHttpUrl(text: string): boolean {
  if (!HTTP_URL_SHAPE.test(text) || !URL.canParse(text)) return false
  const { protocol, hostname } = new URL(text)
  return (protocol === 'http:' || protocol === 'https:') && hostname !== ''
}

export const hashSchema = z
  .string()
  .regex(HASH_HEX_PATTERN, 'must be 64 hex characters')
  .transform((hex) => hex.toLowerCase() as Hash)

export const printableSchema = (maxChars: number) =>
  z.string().max(maxChars).refine(isPrintable, 'must be printable UTF-8 text')

/** Empty (a best-block reply carries no peer id) or a peer id's base58/base32 text. */
export const peerIdSchema = z
  .string()
  .max(FIELD_LIMITS.peerIdChars)
  .regex(PEER_ID_CHARS, 'must be a peer id (letters and digits)')

export const requiredPeerIdSchema = peerIdSchema.min(1, 'must not be empty')

/** Empty is Go's zero value; otherwise an absolute http(s) URL. */
export const dataHubUrlSchema = printableSchema(FIELD_LIMITS.urlChars).refine(
  (url) => url === '' || isHttpUrl(url),
  'must be empty or an absolute http(s) URL',
)

export const uint32Schema = z.number().int().min(0).max(UINT32_MAX)
export const uint64Schema = z.bigint().min(0n).max(UINT64_MAX)

// What the later reference keeps of peer-chosen display text (client names, versions, rejection
// reasons): printable ASCII without the characters that turn text into markup or end a quoted
// attribute. Anything else is dropped, not replaced, so the text never grows.
const NOT_DISPLAY_TEXT = /[^\x20-\x7e]|[<>&"'`]/g

/**
 * Peer-chosen display text bounded the way the later reference bounds it on receipt: characters
 * outside printable ASCII and `<>&"'` plus the backtick are removed, then the rest is cut to
 * `maxChars`. The reference filters rather than refuses, so a node with an odd client name or a
 * long validator message is still heard; we do the same on both sides so what we send is what a
 * reference node keeps.
 */
export function toDisplayText(text: string, maxChars: number): string {
  return text.replace(NOT_DISPLAY_TEXT, '').slice(0, maxChars)
}

export const displayTextSchema = (maxChars: number) =>
  z.string().transform((text) => toDisplayText(text, maxChars))

const HEX_TEXT = /^[0-9a-fA-F]*$/

/**
 * Peer-supplied hex telemetry (chain work, a coinbase nobody fills) kept only when it is plausible
 * hex within `maxChars`, else emptied: a partly stripped number would mean something else.
 */
export function toHexOrEmpty(text: string, maxChars: number): string {
  return text.length <= maxChars && HEX_TEXT.test(text) ? text : ''
}

export const hexOrEmptySchema = (maxChars: number) =>
  z.string().transform((text) => toHexOrEmpty(text, maxChars))
