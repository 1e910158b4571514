import { execFileSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeDisplayName,
  goFloat,
  HASH_HEX_PATTERN,
  MAX_PAYLOAD_BYTES,
  nodeStatusMessageCodec,
  type Result,
  type TeranodeKind,
  teranodeBlockCodec,
  teranodeRejectedTxCodec,
  teranodeSubtreeCodec,
  teranodeWireFormat,
  toDisplayText,
  toHexOrEmpty,
  type WireCodec,
} from '@p2p/domain'
import { describe, expect, it } from 'vitest'

// Golden vectors from interop/cmd/wiregolden: what Go's encoding/json writes for Teranode-shaped
// structs and the message bus's envelope, and what json.Unmarshal makes of hostile input. Our
// codecs must write the same bytes and read Go's bytes to the same values, save for the receive
// rules we apply on top (listed where they apply).

type Line = Record<string, unknown> & { vector: string }

function goldenLines(): Line[] {
  const path = fileURLToPath(new URL('../bin/wiregolden', import.meta.url))
  try {
    accessSync(path, constants.X_OK)
  } catch {
    throw new Error(`interop: ${path} is not built. Run \`pnpm interop:build\` (needs Go).`)
  }
  const text = execFileSync(path, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line)
}

const lines = goldenLines()
const of = (vector: string) => lines.filter((line) => line.vector === vector)
const bytes = (base64: unknown) => new Uint8Array(Buffer.from(String(base64 ?? ''), 'base64'))

function float64(bits: string): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setBigUint64(0, BigInt(`0x${bits.slice(4)}`))
  return view.getFloat64(0)
}

const BIGINT_KEYS = new Set(['txCount', 'satoshis', 'bytes', 'maxScriptSizePolicy', 'maxTxSizePolicy'])
BIGINT_KEYS.add('maxTxSigopsCountsPolicy')
const NUMBER_KEYS = new Set(['height', 'bestHeight', 'subtreeCount', 'startTime', 'syncPeerHeight'])
for (const key of ['syncConnectedAt', 'connectedPeersCount', 'legacyConnectedPeersCount'])
  NUMBER_KEYS.add(key)

/** A value as the Go program printed it → the TS value (numbers were sent as text). */
function fromGo(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'object' && v !== null) out[key] = fromGo(v as Record<string, unknown>)
    else if (typeof v === 'string' && v.startsWith('f64:')) out[key] = float64(v)
    else if (BIGINT_KEYS.has(key)) out[key] = BigInt(v as string)
    else if (NUMBER_KEYS.has(key)) out[key] = Number(v)
    else out[key] = v
  }
  return out
}

const hashOrEmpty = (hex: string) => (HASH_HEX_PATTERN.test(hex) ? hex.toLowerCase() : '')
const oneOf = (value: unknown, allowed: readonly string[]) => (allowed.includes(String(value)) ? value : '')

/** What our receive rules make of Go's values (the reference's own filtering, see the codecs). */
function normalise(kind: TeranodeKind, raw: Record<string, unknown>): Record<string, unknown> {
  const v = { ...raw }
  const text = (key: string, max: number) => {
    v[key] = toDisplayText(String(v[key]), max)
  }
  text('clientName', 64)
  if (kind === 'block') {
    v.hash = String(v.hash).toLowerCase()
    v.header = String(v.header).toLowerCase()
    v.coinbase = toHexOrEmpty(String(v.coinbase), Number.MAX_SAFE_INTEGER)
  } else if (kind === 'subtree') {
    v.hash = String(v.hash).toLowerCase()
  } else if (kind === 'rejectedTx') {
    v.txId = String(v.txId).toLowerCase()
    text('reason', 1024)
  } else {
    delete v.type
    for (const key of ['version', 'commitHash', 'fsmState', 'minerName', 'syncPeerId']) text(key, 64)
    v.bestBlockHash = hashOrEmpty(String(v.bestBlockHash))
    v.chainWork = toHexOrEmpty(String(v.chainWork), 64)
    v.syncPeerBlockHash = toHexOrEmpty(String(v.syncPeerBlockHash), 64)
    v.listenMode = oneOf(v.listenMode, ['full', 'listen_only', 'silent'])
    v.storage = oneOf(v.storage, ['full', 'pruned'])
  }
  return v
}

const CODECS: Record<TeranodeKind, WireCodec<unknown>> = {
  block: teranodeBlockCodec as WireCodec<unknown>,
  subtree: teranodeSubtreeCodec as WireCodec<unknown>,
  rejectedTx: teranodeRejectedTxCodec as WireCodec<unknown>,
  nodeStatus: nodeStatusMessageCodec as WireCodec<unknown>,
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw result.error
  return result.value
}

describe('teranode payloads against Go', () => {
  const payloads = of('payload')
  it('has vectors for every kind', () => {
    expect(new Set(payloads.map((line) => line.kind))).toEqual(
      new Set(['block', 'subtree', 'rejectedTx', 'nodeStatus']),
    )
  })

  for (const line of payloads) {
    const kind = line.kind as TeranodeKind
    const goValue = fromGo(line.value as Record<string, unknown>)
    const expected = normalise(kind, goValue)
    const { type, ...withoutType } = goValue
    const canonical = JSON.stringify(withoutType, big) === JSON.stringify(expected, big)
    const format = teranodeWireFormat({ clientName: String(line.clientName) })

    it(`${kind} ${line.name}: decodes Go's envelope to the values${canonical ? '' : ' after our receive rules'}`, () => {
      const decoded = value(format.decode(kind, bytes(line.envelope)))
      expect(decoded).toEqual({ kind, message: expected })
    })

    if (canonical && (kind !== 'nodeStatus' || type === 'node_status')) {
      it(`${kind} ${line.name}: encodes Go's bytes exactly`, () => {
        const message = value(format.create(kind, withoutType))
        expect(Buffer.from(CODECS[kind].encodeBytes(message)).toString()).toBe(
          Buffer.from(bytes(line.payload)).toString(),
        )
        expect(Buffer.from(format.encode(kind, message))).toEqual(Buffer.from(bytes(line.envelope)))
      })
    }
  }
})

function big(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`
  if (Object.is(v, -0)) return '-0'
  return v
}

describe('the envelope against Go', () => {
  for (const line of of('envelope')) {
    const name = String(line.name)
    const data = bytes(line.data)
    it(`name ${JSON.stringify(name).slice(0, 40)}, ${data.length} bytes: same bytes, same reading`, () => {
      expect(Buffer.from(encodeEnvelope(name, data)).toString()).toBe(
        Buffer.from(bytes(line.envelope)).toString(),
      )
      const decoded = decodeEnvelope(bytes(line.envelope), MAX_PAYLOAD_BYTES.block)
      if (data.length === 0) {
        // Go accepts an envelope without data; we cannot read a payload out of it.
        expect(decoded.ok ? 'ok' : decoded.error.code).toBe('invalid_field')
      } else {
        expect(value(decoded)).toEqual({ name, data })
      }
      expect(envelopeDisplayName(name)).toBe(line.displayName)
    })
  }

  // Where we refuse what Go's json.Unmarshal accepts, on purpose.
  const DELIBERATE: Readonly<Record<string, string>> = {
    '{"name":"a","data":"eA==","data":"eQ=="}': 'invalid_json', // a repeated key: which one counts?
    null: 'not_an_object', // Go leaves the envelope empty
  }

  for (const line of of('envelopeDecode')) {
    const input = bytes(line.input)
    const shown = Buffer.from(input).toString('utf8').slice(0, 60)
    it(`reads ${JSON.stringify(shown)} as Go does`, () => {
      const ours = decodeEnvelope(input, MAX_PAYLOAD_BYTES.block)
      const deliberate = DELIBERATE[Buffer.from(input).toString('utf8')]
      const goData = bytes(line.data)
      if (deliberate !== undefined) {
        expect(ours.ok ? 'ok' : ours.error.code).toBe(deliberate)
      } else if (!line.ok) {
        expect(ours.ok ? 'ok' : 'refused').toBe('refused')
      } else if (goData.length === 0) {
        // Go delivers an empty payload; for us there is nothing to read.
        expect(ours.ok ? 'ok' : ours.error.code).toBe('invalid_field')
      } else {
        expect(value(ours)).toEqual({ name: line.name ?? '', data: goData })
      }
    })
  }
})

describe('node_status decoding against Go', () => {
  // A repeated key: Go keeps the last, we refuse (readJsonObject) rather than pick one.
  const REPEATED_KEY = /"peer_id":"[^"]*","peer_id"/

  for (const line of of('nodeStatusDecode')) {
    const text = Buffer.from(bytes(line.input)).toString('utf8')
    it(`reads ${text.slice(60, 140)} as Go does`, () => {
      const ours = nodeStatusMessageCodec.decode(text)
      if (REPEATED_KEY.test(text)) {
        expect(ours.ok ? 'ok' : ours.error.code).toBe('invalid_json')
      } else if (!line.ok) {
        expect(ours.ok ? 'ok' : ours.error.code).toBe('invalid_field')
      } else {
        expect(value(ours)).toEqual(normalise('nodeStatus', fromGo(line.value as Record<string, unknown>)))
      }
    })
  }
})

describe('float64 text against Go', () => {
  for (const line of of('float')) {
    it(`writes ${line.text} as Go does`, () => {
      expect(goFloat(float64(String(line.bits)))).toBe(line.text)
    })
  }
})
