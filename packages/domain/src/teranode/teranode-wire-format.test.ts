import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../errors/error-codes.js'
import { P2PError } from '../errors/p2p-error.js'
import type { Result } from '../errors/result.js'
import type { Hash } from '../hash/hash.js'
import type { TopicMessages } from '../messages/topic-messages.js'
import { TOPIC_KINDS } from '../topics/topic-kind.js'
import { decodeEnvelope, encodeEnvelope } from './envelope.js'
import { TERANODE_KINDS, type TeranodeKind, teranodeWireFormat } from './teranode-wire-format.js'

const PEER = '12D3KooWJ4vDzYBkW9zsBNmQn2VN4mXKyvBx6pJK8Wq3Lx1Dk7aR'
const HASH = 'ab'.repeat(32) as Hash
const HEADER = '01'.repeat(80)
const format = teranodeWireFormat({ clientName: 'teranode-ts' })
const utf8 = (s: string) => new TextEncoder().encode(s)
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code)

function value<T>(result: Result<T>): T {
  if (!result.ok) throw result.error
  return result.value
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')
const peerId = fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 128 })
const hash = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => Buffer.from(b).toString('hex') as Hash)
const url = fc.constantFrom('', 'https://teranode.example.com/api/v1', 'http://203.0.113.9:8090/x?a=1&b=<2>')
// Any text at all: create bounds it the way receivers do, and the round trip must hold after that.
const anyText = fc.string({ unit: 'grapheme', maxLength: 80 })

const inputs: { [K in TeranodeKind]: fc.Arbitrary<Record<string, unknown>> } = {
  block: fc.record({
    peerId,
    clientName: anyText,
    dataHubUrl: url,
    hash,
    height: fc.integer({ min: 0, max: 0xffff_ffff }),
    header: fc.constantFrom('', HEADER, HEADER.toUpperCase()),
    coinbase: fc.constantFrom('', '0100', 'zz'),
  }),
  subtree: fc.record({ peerId, clientName: anyText, dataHubUrl: url, hash }),
  rejectedTx: fc.record({ peerId, clientName: anyText, txId: hash, reason: fc.string({ maxLength: 2000 }) }),
  nodeStatus: fc.record({
    peerId,
    clientName: anyText,
    baseUrl: url,
    version: anyText,
    commitHash: anyText,
    bestBlockHash: fc.oneof(fc.constant(''), hash),
    bestHeight: fc.nat(),
    fsmState: anyText,
    startTime: fc.integer(),
    uptime: fc.double({ noNaN: true, noDefaultInfinity: true }),
    minerName: anyText,
    listenMode: fc.constantFrom('full', 'silent', 'odd'),
    chainWork: fc.constantFrom('', '00ff', 'xyz'),
  }),
}

describe('teranode wire format', () => {
  it('carries block, subtree, node_status and rejected_tx, and nothing else', () => {
    expect(format.kinds).toEqual(['block', 'subtree', 'nodeStatus', 'rejectedTx'])
    for (const kind of TOPIC_KINDS)
      expect(format.carries(kind)).toBe(TERANODE_KINDS.includes(kind as TeranodeKind))
  })

  it('refuses kinds it does not carry: create and decode with not_carried, encode by throwing it', () => {
    for (const kind of ['bestBlock', 'miningOn'] as const) {
      expect(codeOf(format.create(kind, { peerId: PEER }))).toBe('not_carried')
      expect(codeOf(format.decode(kind, utf8('{}')))).toBe('not_carried')
      expect(() => format.encode(kind, { peerId: PEER } as TopicMessages['bestBlock'])).toThrow(
        expect.objectContaining({ code: 'not_carried' }),
      )
    }
  })

  it('wraps Teranode JSON in an envelope named after this node, filling in the client name', () => {
    const block = value(format.create('block', { peerId: PEER, dataHubUrl: '', hash: HASH, height: 7 }))
    expect(block).toEqual({
      peerId: PEER,
      clientName: 'teranode-ts',
      dataHubUrl: '',
      hash: HASH,
      height: 7,
      header: '',
      coinbase: '',
    })
    const envelope = value(decodeEnvelope(format.encode('block', block), 32 * 1024))
    expect(envelope.name).toBe('teranode-ts')
    expect(text(envelope.data)).toBe(
      `{"PeerID":"${PEER}","ClientName":"teranode-ts","DataHubURL":"","Hash":"${HASH}","Height":7,"Header":"","Coinbase":""}`,
    )
  })

  it('refuses a client name receivers would alter', () => {
    for (const clientName of ['', 'a<b', 'ünï', 'x'.repeat(65)]) {
      expect(() => teranodeWireFormat({ clientName })).toThrow(P2PError)
    }
  })

  it('applies the reference receive rules: bad formats refused, display text bounded', () => {
    const block = { peerId: PEER, clientName: 'n', dataHubUrl: '', hash: HASH, height: 1 }
    expect(codeOf(format.create('block', { ...block, peerId: '' }))).toBe('invalid_field')
    expect(codeOf(format.create('block', { ...block, header: 'abcd' }))).toBe('invalid_field')
    expect(codeOf(format.create('block', { ...block, dataHubUrl: 'ftp://x.example' }))).toBe('invalid_field')
    expect(value(format.create('block', { ...block, coinbase: 'not hex' })).coinbase).toBe('')
    const reason = `<b>"${'x'.repeat(1100)}`
    expect(value(format.create('rejectedTx', { peerId: PEER, txId: HASH, reason })).reason).toBe(
      `b${'x'.repeat(1023)}`,
    )
  })

  it('refuses an envelope or payload over the reference caps', () => {
    const big = encodeEnvelope('n', new Uint8Array(16 * 1024 + 1).fill(0x20))
    expect(codeOf(format.decode('rejectedTx', big))).toBe('payload_too_large')
    expect(codeOf(format.decode('block', big))).not.toBe('payload_too_large')
  })

  for (const kind of TERANODE_KINDS) {
    describe(kind, () => {
      it('decode(encode(create(x))) equals create(x)', () => {
        fc.assert(
          fc.property(inputs[kind], (input) => {
            const message = value(format.create(kind, input))
            const bytes = format.encode(kind, message)
            expect(format.decode(kind, bytes)).toEqual({ ok: true, value: { kind, message } })
            expect(format.encode(kind, value(format.create(kind, message)))).toEqual(bytes)
          }),
          { numRuns: 200 },
        )
        // A property run is CPU-bound: on a machine busy with other suites it may take a while.
      }, 20_000)

      it('never throws on arbitrary bytes, envelopes of arbitrary bytes or mutated payloads', () => {
        const mutated = fc
          .tuple(inputs[kind], fc.nat(), fc.integer({ min: 0, max: 255 }))
          .map(([input, at, byte]) => {
            const bytes = format.encode(kind, value(format.create(kind, input)))
            bytes[at % bytes.length] = byte
            return bytes
          })
        const wrapped = fc
          .oneof(fc.uint8Array({ minLength: 1 }), fc.json().map(utf8))
          .map((data) => encodeEnvelope('x', data))
        fc.assert(
          fc.property(fc.oneof(fc.uint8Array({ maxLength: 1024 }), mutated, wrapped), (input) => {
            const result = format.decode(kind, input)
            if (result.ok)
              expect(format.decode(kind, format.encode(kind, result.value.message as never))).toEqual(result)
            else expect(ERROR_CODES).toContain(result.error.code)
          }),
        )
      })
    })
  }
})
