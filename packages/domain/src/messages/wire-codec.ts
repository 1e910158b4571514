import type { z } from 'zod'
import { P2PError } from '../errors/p2p-error.js'
import { err, ok, type Result, unwrap } from '../errors/result.js'
import { type GoJsonScalar, goObject } from '../json/go-json.js'
import { foldKey, JsonNumber, readJsonObject, readUnsigned } from '../json/json-reader.js'

export type WireType = 'string' | 'uint32' | 'uint64'

/** One JSON member: its spec-era key, the domain property it fills, and its Go type. */
export interface WireField<K extends string = string> {
  readonly wire: string
  readonly key: K
  readonly type: WireType
}

/**
 * A spec-era gossip payload: a Go struct marshalled without tags, so every field is present in
 * declaration order with its zero value, and keys match case-insensitively on the way in.
 */
export interface WireCodec<T> {
  readonly name: string
  /** Default cap applied by `decode` before anything is parsed. */
  readonly maxBytes: number
  readonly schema: z.ZodType<T, unknown>
  /**
   * Validates a value built from port data; the way to construct a message safely. The message
   * it returns is frozen and remembered as checked, so `encode` does not check it again.
   */
  create(input: unknown): Result<T>
  /**
   * Go-identical JSON text. A message this codec made (`create`, `decode`) is encoded as it is;
   * anything else is validated first, and throws a P2PError if it breaks the schema.
   */
  encode(value: T): string
  encodeBytes(value: T): Uint8Array
  /** Never throws: every failure is a coded P2PError. */
  decode(input: Uint8Array | string, maxBytes?: number): Result<T>
}

const ZERO: Readonly<Record<WireType, unknown>> = { string: '', uint32: 0, uint64: 0n }
const encoder = new TextEncoder()

export function defineWireCodec<T>(spec: {
  name: string
  fields: readonly WireField[]
  schema: z.ZodType<T, unknown>
  maxBytes: number
}): WireCodec<T> {
  const { name, fields, schema, maxBytes } = spec
  const byFoldedKey = new Map(fields.map((field) => [foldKey(field.wire), field]))

  // A message is checked once, where it is made. What `validate` returned is frozen, so it still
  // is what was checked when it reaches `encode`; the set holds it only while someone else does.
  const checked = new WeakSet<object>()

  const validate = (input: unknown): Result<T> => {
    const parsed = schema.safeParse(input)
    if (parsed.success) {
      const message = Object.freeze(parsed.data)
      checked.add(message)
      return ok(message)
    }
    const issue = parsed.error.issues[0]
    const property = issue?.path[0]
    const field = fields.find((f) => f.key === property)
    return err(
      new P2PError(
        'invalid_field',
        `${name}.${field?.wire ?? String(property)}: ${issue?.message ?? 'invalid'}`,
        {
          context: { message: name, field: field?.wire ?? String(property) },
        },
      ),
    )
  }

  const encode = (value: T): string => {
    const record = (isChecked(value) ? value : unwrap(validate(value))) as Record<string, GoJsonScalar>
    return goObject(fields.map((field) => [field.wire, record[field.key] as GoJsonScalar] as const))
  }

  return {
    name,
    maxBytes,
    schema,
    create: validate,
    encode,
    encodeBytes: (value) => encoder.encode(encode(value)),
    decode(input, cap = maxBytes) {
      const object = readJsonObject(input, cap)
      if (!object.ok) return object
      const values: Record<string, unknown> = {}
      for (const field of fields) values[field.key] = ZERO[field.type]
      for (const key of Object.keys(object.value)) {
        const field = byFoldedKey.get(foldKey(key))
        if (field === undefined) continue
        const raw = object.value[key]
        // Go leaves a field at its zero value when the JSON says null.
        if (raw === null) continue
        const converted = convert(field, raw)
        if (converted instanceof P2PError) return err(converted)
        values[field.key] = converted
      }
      return validate(values)
    },
  }

  function isChecked(value: T): boolean {
    return typeof value === 'object' && value !== null && checked.has(value)
  }

  function convert(field: WireField, raw: unknown): unknown {
    if (field.type === 'string') {
      return typeof raw === 'string' ? raw : typeError(field, 'a string', raw)
    }
    const bits = field.type === 'uint64' ? 64 : 32
    const value = readUnsigned(raw, bits)
    if (value === undefined) return typeError(field, `an unsigned ${bits}-bit integer`, raw)
    return bits === 64 ? value : Number(value)
  }

  function typeError(field: WireField, expected: string, raw: unknown): P2PError {
    const got =
      raw instanceof JsonNumber
        ? `number ${raw.text.slice(0, 24)}`
        : Array.isArray(raw)
          ? 'array'
          : typeof raw
    return new P2PError('invalid_field', `${name}.${field.wire}: expected ${expected}, got ${got}`, {
      context: { message: name, field: field.wire },
    })
  }
}
