import { z } from 'zod'
import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result, unwrap } from '../errors/result.js'
import { HASH_HEX_PATTERN, type Hash } from '../hash/hash.js'
import { goQuote } from '../json/go-json.js'
import { foldKey, JsonNumber, readJsonObject, readUnsigned } from '../json/json-reader.js'
import {
  dataHubUrlSchema,
  displayTextSchema,
  FIELD_LIMITS,
  hexOrEmptySchema,
  printableSchema,
  requiredPeerIdSchema,
  uint32Schema,
  uint64Schema,
} from './fields.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'
import type { WireCodec } from './wire-codec.js'

/** The `type` member every node_status carries; receivers do not check it. */
export const NODE_STATUS_TYPE = 'node_status'

// The reference's bounds for peer-chosen display strings and hex telemetry in a status.
const DISPLAY_CHARS = 64
const HEX_CHARS = 64

export const LISTEN_MODES = ['full', 'listen_only', 'silent'] as const
export type ListenMode = (typeof LISTEN_MODES)[number]
export const STORAGE_MODES = ['full', 'pruned'] as const
export type StorageMode = (typeof STORAGE_MODES)[number]

/** A fee as satoshis per a number of bytes (the ARC policy shape). */
export interface FeeAmount {
  readonly satoshis: bigint
  readonly bytes: bigint
}

/** The fee policy a node advertises in its status; all members are always written. */
export interface FeePolicy {
  readonly miningFee: FeeAmount
  readonly maxScriptSizePolicy: bigint
  readonly maxTxSizePolicy: bigint
  readonly maxTxSigopsCountsPolicy: bigint
}

/**
 * What a node says about itself every 10 s and on each new best block (teranode profile's
 * `node_status` topic), member for member Teranode's NodeStatusMessage. Empty strings and zeros
 * stand for what the node did not say; those the Go struct marks omitempty are then left out.
 */
export interface NodeStatusMessage {
  readonly peerId: string
  readonly clientName: string
  readonly baseUrl: string
  /** Omitted when empty. */
  readonly propagationUrl: string
  readonly version: string
  readonly commitHash: string
  readonly bestBlockHash: Hash | ''
  readonly bestHeight: number
  /** Transactions in block assembly; omitted when 0. */
  readonly txCount: bigint
  /** Subtrees in block assembly; omitted when 0. */
  readonly subtreeCount: number
  readonly fsmState: string
  /** Unix seconds (Go int64, kept within the safe integers). */
  readonly startTime: number
  /** Seconds, with a fraction (Go float64). */
  readonly uptime: number
  readonly minerName: string
  readonly listenMode: ListenMode | ''
  /** Hex. */
  readonly chainWork: string
  /** This and the three sync members below are omitted when empty or 0. */
  readonly syncPeerId: string
  readonly syncPeerHeight: number
  readonly syncPeerBlockHash: string
  /** Unix seconds. */
  readonly syncConnectedAt: number
  /** BSV per kB; absent = not said (Go nil pointer), 0 = no fee. */
  readonly minMiningTxFee?: number | undefined
  readonly feePolicy?: FeePolicy | undefined
  /** Omitted when 0. */
  readonly connectedPeersCount: number
  /** Newest reference revisions only; omitted when 0. */
  readonly legacyConnectedPeersCount: number
  /** Omitted when empty. */
  readonly storage: StorageMode | ''
}

const int64Schema = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)
// zod 4 refuses NaN and ±Infinity for z.number(), as JSON (and so Go) has no text for them.
const float64Schema = z.number()
const oneOfOrEmpty = <T extends string>(values: readonly T[]) =>
  z.string().transform((value): T | '' => ((values as readonly string[]).includes(value) ? (value as T) : ''))

const feePolicySchema = z.strictObject({
  miningFee: z.strictObject({ satoshis: uint64Schema, bytes: uint64Schema }),
  maxScriptSizePolicy: uint64Schema,
  maxTxSizePolicy: uint64Schema,
  maxTxSigopsCountsPolicy: uint64Schema,
})

/**
 * Receive rules of the later reference: a bad peer id or URL refuses the message; display
 * strings, hex telemetry and enums are bounded or emptied instead, since a status is telemetry
 * and one odd member should not hide a peer. Members Go may omit default to their zero value.
 */
export const nodeStatusMessageSchema = z.strictObject({
  peerId: requiredPeerIdSchema,
  clientName: displayTextSchema(DISPLAY_CHARS),
  baseUrl: dataHubUrlSchema,
  propagationUrl: printableSchema(FIELD_LIMITS.urlChars).default(''),
  version: displayTextSchema(DISPLAY_CHARS),
  commitHash: displayTextSchema(DISPLAY_CHARS),
  bestBlockHash: z
    .string()
    .transform((hex): Hash | '' => (HASH_HEX_PATTERN.test(hex) ? (hex.toLowerCase() as Hash) : '')),
  bestHeight: uint32Schema,
  txCount: uint64Schema.default(0n),
  subtreeCount: uint32Schema.default(0),
  fsmState: displayTextSchema(DISPLAY_CHARS),
  startTime: int64Schema,
  uptime: float64Schema,
  minerName: displayTextSchema(DISPLAY_CHARS),
  listenMode: oneOfOrEmpty(LISTEN_MODES),
  chainWork: hexOrEmptySchema(HEX_CHARS),
  syncPeerId: displayTextSchema(DISPLAY_CHARS).default(''),
  syncPeerHeight: uint32Schema.default(0),
  syncPeerBlockHash: hexOrEmptySchema(HEX_CHARS).default(''),
  syncConnectedAt: int64Schema.default(0),
  minMiningTxFee: float64Schema.optional(),
  feePolicy: feePolicySchema.optional(),
  connectedPeersCount: int64Schema.default(0),
  legacyConnectedPeersCount: int64Schema.default(0),
  storage: oneOfOrEmpty(STORAGE_MODES).default(''),
}) satisfies z.ZodType<NodeStatusMessage, unknown>

type GoType = 'string' | 'uint32' | 'uint64' | 'int64' | 'float64' | '*float64' | '*FeePolicy'
type Key = keyof NodeStatusMessage | 'type'

/** One member of the Go struct: JSON tag name, the property it fills, Go type, omitempty. */
const member = (wire: string, key: Key, type: GoType, omitEmpty = false) => ({ wire, key, type, omitEmpty })
type Member = ReturnType<typeof member>

// Declaration order of Teranode's struct: Go writes members in this order.
const MEMBERS: readonly Member[] = [
  member('peer_id', 'peerId', 'string'),
  member('client_name', 'clientName', 'string'),
  member('type', 'type', 'string'),
  member('base_url', 'baseUrl', 'string'),
  member('propagation_url', 'propagationUrl', 'string', true),
  member('version', 'version', 'string'),
  member('commit_hash', 'commitHash', 'string'),
  member('best_block_hash', 'bestBlockHash', 'string'),
  member('best_height', 'bestHeight', 'uint32'),
  member('tx_count', 'txCount', 'uint64', true),
  member('subtree_count', 'subtreeCount', 'uint32', true),
  member('fsm_state', 'fsmState', 'string'),
  member('start_time', 'startTime', 'int64'),
  member('uptime', 'uptime', 'float64'),
  member('miner_name', 'minerName', 'string'),
  member('listen_mode', 'listenMode', 'string'),
  member('chain_work', 'chainWork', 'string'),
  member('sync_peer_id', 'syncPeerId', 'string', true),
  member('sync_peer_height', 'syncPeerHeight', 'uint32', true),
  member('sync_peer_block_hash', 'syncPeerBlockHash', 'string', true),
  member('sync_connected_at', 'syncConnectedAt', 'int64', true),
  member('min_mining_tx_fee', 'minMiningTxFee', '*float64', true),
  member('fee_policy', 'feePolicy', '*FeePolicy', true),
  member('connected_peers_count', 'connectedPeersCount', 'int64', true),
  member('legacy_connected_peers_count', 'legacyConnectedPeersCount', 'int64', true),
  member('storage', 'storage', 'string', true),
]
const BY_FOLDED_KEY = new Map(MEMBERS.map((m) => [foldKey(m.wire), m]))
const ZERO: Readonly<Record<GoType, unknown>> = {
  string: '',
  uint32: 0,
  uint64: 0n,
  int64: 0,
  float64: 0,
  '*float64': undefined,
  '*FeePolicy': undefined,
}

/**
 * A float64 as encoding/json writes it: shortest round-trip digits, exponent form below 1e-6 and
 * from 1e21 on with at least one exponent digit (`1e-7`, `1e+21`). That is also what JS writes,
 * except for negative zero, which Go keeps.
 */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError('JSON has no representation for non-finite numbers')
  return Object.is(value, -0) ? '-0' : String(value)
}

function encodeFeePolicy(policy: FeePolicy): string {
  const { miningFee: fee } = policy
  return (
    `{"miningFee":{"satoshis":${fee.satoshis},"bytes":${fee.bytes}},` +
    `"maxscriptsizepolicy":${policy.maxScriptSizePolicy},"maxtxsizepolicy":${policy.maxTxSizePolicy},` +
    `"maxtxsigopscountspolicy":${policy.maxTxSigopsCountsPolicy}}`
  )
}

function encodeValue(type: GoType, value: unknown): string {
  switch (type) {
    case 'string':
      return goQuote(value as string)
    case 'float64':
    case '*float64':
      return goFloat(value as number)
    case '*FeePolicy':
      return encodeFeePolicy(value as FeePolicy)
    default:
      return String(value as number | bigint)
  }
}

// omitempty: "" and 0 for strings and numbers, nil for pointers (a pointer to 0 is written).
const isEmpty = (type: GoType, value: unknown) =>
  type.startsWith('*') ? value === undefined : value === '' || value === 0 || value === 0n

function encodeMembers(message: NodeStatusMessage): string {
  const parts: string[] = []
  for (const m of MEMBERS) {
    const value = m.key === 'type' ? NODE_STATUS_TYPE : message[m.key]
    if (m.omitEmpty && isEmpty(m.type, value)) continue
    parts.push(`${goQuote(m.wire)}:${encodeValue(m.type, value)}`)
  }
  return parts.join(',')
}

// ---- decoding, as Go's json.Unmarshal fills the struct ----

/** Go's int64 reading: an integer literal in range. We also keep it within the safe integers. */
function readInt64(raw: unknown): number | undefined {
  if (!(raw instanceof JsonNumber) || raw.text.length > 20 || !/^-?(0|[1-9][0-9]*)$/.test(raw.text)) {
    return undefined
  }
  const value = Number(raw.text)
  return Number.isSafeInteger(value) ? value : undefined
}

/** Any JSON number within float64 range (Go refuses overflow; underflow becomes 0, as in JS). */
function readFloat64(raw: unknown): number | undefined {
  if (!(raw instanceof JsonNumber)) return undefined
  const value = Number(raw.text)
  return Number.isFinite(value) ? value : undefined
}

const isObject = (raw: unknown): raw is Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof JsonNumber)

const ZERO_FEE_POLICY: FeePolicy = {
  miningFee: { satoshis: 0n, bytes: 0n },
  maxScriptSizePolicy: 0n,
  maxTxSizePolicy: 0n,
  maxTxSigopsCountsPolicy: 0n,
}
type MutableFeePolicy = { -readonly [K in keyof FeePolicy]: K extends 'miningFee' ? FeeAmount : bigint }
const FEE_KEYS: Readonly<Record<string, keyof FeePolicy>> = {
  miningfee: 'miningFee',
  maxscriptsizepolicy: 'maxScriptSizePolicy',
  maxtxsizepolicy: 'maxTxSizePolicy',
  maxtxsigopscountspolicy: 'maxTxSigopsCountsPolicy',
}

/**
 * Go decodes a repeated object member into the struct it already allocated, so a second
 * `fee_policy` (any case) updates the first rather than replacing it; `base` carries that.
 */
function readFeePolicy(raw: unknown, base: FeePolicy | undefined): FeePolicy | string {
  if (!isObject(raw)) return 'an object'
  const from = base ?? ZERO_FEE_POLICY
  const out: MutableFeePolicy = { ...from, miningFee: { ...from.miningFee } }
  for (const [key, value] of Object.entries(raw)) {
    const target = FEE_KEYS[foldKey(key)]
    if (target === undefined || value === null) continue
    if (target !== 'miningFee') {
      const n = readUnsigned(value, 64)
      if (n === undefined) return `an unsigned 64-bit integer in ${key}`
      out[target] = n
      continue
    }
    if (!isObject(value)) return `an object in ${key}`
    const fee = { ...out.miningFee }
    for (const [feeKey, feeValue] of Object.entries(value)) {
      const folded = foldKey(feeKey)
      if ((folded !== 'satoshis' && folded !== 'bytes') || feeValue === null) continue
      const n = readUnsigned(feeValue, 64)
      if (n === undefined) return `an unsigned 64-bit integer in ${key}.${feeKey}`
      fee[folded] = n
    }
    out.miningFee = fee
  }
  return out
}

const KEEP = Symbol('keep')
type Converted = { readonly value: unknown } | { readonly expected: string } | typeof KEEP

/** One member's JSON value → its property value; KEEP where Go leaves the field as it is. */
function convert(m: Member, raw: unknown, current: unknown): Converted {
  if (raw === null) return m.type.startsWith('*') ? { value: undefined } : KEEP
  const read = (value: unknown, expected: string): Converted =>
    value === undefined ? { expected } : { value }
  switch (m.type) {
    case 'string':
      return read(typeof raw === 'string' ? raw : undefined, 'a string')
    case 'uint32': {
      const value = readUnsigned(raw, 32)
      return read(value === undefined ? undefined : Number(value), 'a uint32')
    }
    case 'uint64':
      return read(readUnsigned(raw, 64), 'a uint64')
    case 'int64':
      return read(readInt64(raw), 'an integer within ±2^53')
    case 'float64':
    case '*float64':
      return read(readFloat64(raw), 'a finite number')
    case '*FeePolicy': {
      const policy = readFeePolicy(raw, current as FeePolicy | undefined)
      return typeof policy === 'string' ? { expected: policy } : { value: policy }
    }
  }
}

function fieldError(wire: string, problem: string): P2PError {
  return new P2PError('invalid_field', `NodeStatusMessage.${wire}: ${problem}`, {
    context: { message: 'NodeStatusMessage', field: wire },
  })
}

function deepFreeze(message: NodeStatusMessage): NodeStatusMessage {
  if (message.feePolicy !== undefined) {
    Object.freeze(message.feePolicy.miningFee)
    Object.freeze(message.feePolicy)
  }
  return Object.freeze(message)
}

const encoder = new TextEncoder()
// Messages made by create/decode: frozen, already valid, so encode writes them as they are.
const checked = new WeakSet<object>()

function validate(input: unknown): Result<NodeStatusMessage> {
  const parsed = nodeStatusMessageSchema.safeParse(input)
  if (parsed.success) {
    const message = deepFreeze(parsed.data)
    checked.add(message)
    return ok(message)
  }
  const issue = parsed.error.issues[0]
  const property = issue?.path[0]
  const unknown = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(property)
  const wire = MEMBERS.find((m) => m.key === property)?.wire ?? unknown
  return err(fieldError(wire, issue?.message ?? 'invalid'))
}

/** The payload's members without braces: the websocket frame reuses them rather than drift. */
export function nodeStatusJsonMembers(message: NodeStatusMessage): string {
  return encodeMembers(checked.has(message) ? message : unwrap(validate(message)))
}

function encode(message: NodeStatusMessage): string {
  return `{${nodeStatusJsonMembers(message)}}`
}

function decode(input: Uint8Array | string, cap = MAX_PAYLOAD_BYTES.nodeStatus): Result<NodeStatusMessage> {
  const object = readJsonObject(input, cap)
  if (!object.ok) return object
  const values: Record<string, unknown> = {}
  for (const m of MEMBERS) values[m.key] = ZERO[m.type]
  for (const [key, raw] of Object.entries(object.value)) {
    const m = BY_FOLDED_KEY.get(foldKey(key))
    if (m === undefined) continue
    const converted = convert(m, raw, values[m.key])
    if (converted === KEEP) continue
    if ('expected' in converted) return err(fieldError(m.wire, `expected ${converted.expected}`))
    values[m.key] = converted.value
  }
  // Go fills `type` like any string member; nobody checks its value, so neither do we.
  delete values.type
  return validate(values)
}

/** node_status: Go's tagged struct, omitempty members left out, as Teranode writes it. */
export const nodeStatusMessageCodec: WireCodec<NodeStatusMessage> = {
  name: 'NodeStatusMessage',
  maxBytes: MAX_PAYLOAD_BYTES.nodeStatus,
  schema: nodeStatusMessageSchema,
  create: validate,
  encode,
  encodeBytes: (message) => encoder.encode(encode(message)),
  decode,
}
