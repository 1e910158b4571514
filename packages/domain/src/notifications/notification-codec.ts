import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result } from '../errors/result.js'
import { type GoJsonScalar, goObject, goQuote } from '../json/go-json.js'
import { readJsonObject, readUnsigned } from '../json/json-reader.js'
import { nodeStatusJsonMembers, nodeStatusMessageCodec } from '../messages/node-status-message.js'
import {
  NOTIFICATION_TYPES,
  type NodeStatusNotification,
  type Notification,
  type NotificationType,
} from './notification.js'
import { notificationSchemas } from './notification-schema.js'

/** `YYYY-MM-DDTHH:MM:SSZ`: UTC, whole seconds, as the reference formats it. */
export function formatNotificationTimestamp(ms: number): string {
  const iso = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : ''
  // Outside years 0000–9999 toISOString changes shape (and Go refuses to marshal such times).
  if (iso.length !== 24) throw new RangeError(`no notification timestamp for ${ms}`)
  return `${iso.slice(0, 19)}Z`
}

function isFormattable(ms: unknown): ms is number {
  // ±8.64e15 ms is the range of a JS Date; toISOString throws beyond it.
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return false
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

/**
 * node_status frames: the teranode reference's websocket adds the node_status keys to the §7
 * model and always writes `best_height`. We write the optional `timestamp` (as for every type),
 * then the status's JSON members exactly as the gossip payload has them (Go's member order and
 * omitempty, `type` among them as "node_status", `best_height` never omitted): one writer for
 * both, so a client reads a frame with the same code as a payload. The §7 keys that a status
 * has no value for (`hash`, `height`, …) are left out, as omitempty would.
 */
function encodeNodeStatus(notification: NodeStatusNotification): string {
  const members = nodeStatusJsonMembers(notification.status)
  if (!isFormattable(notification.timestampMs)) return `{${members}}`
  return `{"timestamp":${goQuote(formatNotificationTimestamp(notification.timestampMs))},${members}}`
}

export function encodeNotification(notification: Notification): string {
  if (notification.type === 'node_status') return encodeNodeStatus(notification)
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

/** How each wire key reads into the domain model. */
const READERS: ReadonlyArray<readonly [wire: string, prop: string, kind: 'text' | 'uint32' | 'uint64']> = [
  ['hash', 'hash', 'text'],
  ['base_url', 'baseUrl', 'text'],
  ['peer_id', 'peerId', 'text'],
  ['previousblockhash', 'previousHash', 'text'],
  ['tx_count', 'txCount', 'uint64'],
  ['height', 'height', 'uint32'],
  ['size_in_bytes', 'sizeInBytes', 'uint64'],
  ['miner', 'miner', 'text'],
  ['reason', 'reason', 'text'],
]
const ZERO = { text: '', uint32: 0, uint64: 0n } as const

/**
 * Reads a notification frame back (for tools, tests and the page). Omitted members take their
 * zero values, as a Go client would see them, and the result must satisfy the type's schema.
 */
export function decodeNotification(input: Uint8Array | string): Result<Notification> {
  const read = readJsonObject(input, MAX_NOTIFICATION_BYTES)
  if (!read.ok) return read
  const json = read.value
  const fail = (field: string, reason: string) =>
    err(new P2PError('invalid_field', `notification.${field}: ${reason}`, { context: { field } }))

  const type = json.type
  if (typeof type !== 'string' || !types.has(type)) return fail('type', 'unknown notification type')
  const schema = notificationSchemas[type as NotificationType]
  const candidate: Record<string, unknown> = { type }

  const timestamp = json.timestamp
  if (timestamp !== undefined) {
    if (typeof timestamp !== 'string') return fail('timestamp', 'expected a string')
    const ms = TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN
    // Date.parse rolls 2023-02-30 over to March; only a time that formats back to itself is real.
    if (!isFormattable(ms) || formatNotificationTimestamp(ms) !== timestamp) {
      return fail('timestamp', 'not a real UTC time')
    }
    candidate.timestampMs = ms
  }

  if (type === 'node_status') {
    // The status decoder reads the same text; it skips `timestamp` as Go skips unknown keys.
    const status = nodeStatusMessageCodec.decode(input, MAX_NOTIFICATION_BYTES)
    if (!status.ok) return status
    candidate.status = status.value
  }
  for (const [wire, prop, kind] of READERS) {
    if (!(prop in schema.shape)) continue
    const raw = json[wire]
    if (raw === undefined) {
      candidate[prop] = ZERO[kind]
    } else if (kind === 'text') {
      if (typeof raw !== 'string') return fail(wire, 'expected a string')
      candidate[prop] = raw
    } else {
      const value = readUnsigned(raw, kind === 'uint64' ? 64 : 32)
      if (value === undefined) return fail(wire, 'expected an unsigned integer')
      candidate[prop] = kind === 'uint64' ? value : Number(value)
    }
  }
  const parsed = schema.safeParse(candidate)
  if (parsed.success) return ok(parsed.data as Notification)
  const issue = parsed.error.issues[0]
  return fail(String(issue?.path[0] ?? 'notification'), issue?.message ?? 'invalid')
}
