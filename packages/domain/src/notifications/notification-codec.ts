import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'
import { type Hash, isHashHex } from '../hash/hash.js'
import { type GoJsonScalar, goObject } from '../json/go-json.js'
import { JsonNumber, readJsonObject } from '../json/json-reader.js'
import { NOTIFICATION_TYPES, type Notification, type NotificationType } from './notification.js'

/** `YYYY-MM-DDTHH:MM:SSZ`: UTC, whole seconds, as the reference formats it. */
export function formatNotificationTimestamp(ms: number): string {
  const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : ''
  // Outside years 0000–9999 toISOString changes shape (and Go refuses to marshal such times).
  if (iso.length !== 24) throw new RangeError(`no notification timestamp for ${ms}`)
  return `${iso.slice(0, 19)}Z`
}

function isFormattable(ms: unknown): ms is number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return false
  return new Date(ms).toISOString().length === 24
}

type Loose = Partial<Record<string, unknown>>

/**
 * The JSON keys in the reference's order, each omitted when empty or zero (Go `omitempty`),
 * except `type`, which is always written. `reason` is ours, for rejected transactions.
 */
const MEMBERS: ReadonlyArray<readonly [string, (n: Loose) => GoJsonScalar | undefined]> = [
  [
    'timestamp',
    (n) => (isFormattable(n.timestampMs) ? formatNotificationTimestamp(n.timestampMs) : undefined),
  ],
  ['type', (n) => n.type as string],
  ['hash', (n) => n.hash as string | undefined],
  ['base_url', (n) => n.baseUrl as string | undefined],
  ['peer_id', (n) => n.peerId as string | undefined],
  ['previousblockhash', (n) => n.previousHash as string | undefined],
  ['tx_count', (n) => n.txCount as bigint | undefined],
  ['height', (n) => n.height as number | undefined],
  ['size_in_bytes', (n) => n.sizeInBytes as bigint | undefined],
  ['miner', (n) => n.miner as string | undefined],
  ['reason', (n) => n.reason as string | undefined],
]

const isEmpty = (value: GoJsonScalar | undefined): value is undefined =>
  value === undefined || value === '' || value === 0 || value === 0n

export function encodeNotification(notification: Notification): string {
  const loose = notification as unknown as Loose
  const members: Array<readonly [string, GoJsonScalar]> = []
  for (const [key, read] of MEMBERS) {
    const value = read(loose)
    if (key === 'type' || !isEmpty(value)) members.push([key, value as GoJsonScalar])
  }
  return goObject(members)
}

const types: ReadonlySet<string> = new Set(NOTIFICATION_TYPES)
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const MAX_NOTIFICATION_BYTES = 64 * 1024

/**
 * Reads a notification frame back (for tools, tests and the page). Missing members take their
 * zero values, as a Go client would see them; anything of the wrong type is a coded error.
 */
export function decodeNotification(input: Uint8Array | string): Result<Notification> {
  const read = readJsonObject(input, MAX_NOTIFICATION_BYTES)
  if (!read.ok) return read
  const json = read.value
  const fail = (field: string, reason: string) =>
    err(new P2PError('invalid_field', `notification.${field}: ${reason}`, { context: { field } }))

  const type = json.type
  if (typeof type !== 'string' || !types.has(type)) return fail('type', 'unknown notification type')
  const text = (key: string): string | undefined => {
    const v = json[key]
    return v === undefined ? '' : typeof v === 'string' ? v : undefined
  }
  const number = (key: string, max: bigint): bigint | undefined => {
    const v = json[key]
    if (v === undefined) return 0n
    if (!(v instanceof JsonNumber) || !/^(0|[1-9][0-9]{0,19})$/.test(v.text)) return undefined
    const n = BigInt(v.text)
    return n <= max ? n : undefined
  }
  const out: Record<string, unknown> = { type: type as NotificationType }
  const timestamp = text('timestamp')
  if (timestamp === undefined) return fail('timestamp', 'expected a string')
  if (timestamp !== '') {
    const ms = TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN
    // Date.parse rolls 2023-02-30 over to March; only a time that formats back to itself is real.
    if (!isFormattable(ms) || formatNotificationTimestamp(ms) !== timestamp) {
      return fail('timestamp', 'not a real UTC time')
    }
    out.timestampMs = ms
  }
  if (type === 'PING') return ok(out as unknown as Notification)

  for (const [key, prop] of [
    ['hash', 'hash'],
    ['base_url', 'baseUrl'],
    ['peer_id', 'peerId'],
    ['previousblockhash', 'previousHash'],
    ['miner', 'miner'],
    ['reason', 'reason'],
  ] as const) {
    const value = text(key)
    if (value === undefined) return fail(key, 'expected a string')
    out[prop] = value
  }
  if (!isHashHex(out.hash)) return fail('hash', 'must be 64 hex characters')
  out.hash = (out.hash as string).toLowerCase() as Hash
  const height = number('height', 0xffff_ffffn)
  const txCount = number('tx_count', (1n << 64n) - 1n)
  const size = number('size_in_bytes', (1n << 64n) - 1n)
  if (height === undefined) return fail('height', 'expected an unsigned 32-bit integer')
  if (txCount === undefined) return fail('tx_count', 'expected an unsigned 64-bit integer')
  if (size === undefined) return fail('size_in_bytes', 'expected an unsigned 64-bit integer')
  Object.assign(out, { height: Number(height), txCount, sizeInBytes: size })
  return ok(pick(out) as unknown as Notification)
}

/** Keeps only the members the decoded type declares, so results compare equal to what was sent. */
function pick(n: Record<string, unknown>): Record<string, unknown> {
  const base: Record<string, unknown> = { type: n.type }
  if (n.timestampMs !== undefined) base.timestampMs = n.timestampMs
  const keys: Record<string, readonly string[]> = {
    block: ['hash', 'baseUrl', 'peerId', 'height'],
    subtree: ['hash', 'baseUrl', 'peerId'],
    mining_on: ['hash', 'baseUrl', 'peerId', 'previousHash', 'height', 'miner', 'sizeInBytes', 'txCount'],
    rejected_tx: ['hash', 'peerId', 'reason'],
  }
  for (const key of keys[n.type as string] ?? []) base[key] = n[key]
  return base
}
