import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ERROR_CODES } from '../errors/error-codes.js'
import { P2PError } from '../errors/p2p-error.js'
import type { Result } from '../errors/result.js'
import type { Hash } from '../hash/hash.js'
import { type BlockMessage, blockMessageCodec } from './block-message.js'
import { uint32Schema, uint64Schema } from './fields.js'
import { rejectedTxMessageCodec } from './rejected-tx-message.js'
import { defineWireCodec } from './wire-codec.js'

const HASH = 'ab'.repeat(32) as Hash
const OTHER = 'cd'.repeat(32) as Hash
const PEER_A = '12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const PEER_B = '12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

function value<T>(result: Result<T>): T {
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(result: Result<unknown>): string {
  if (result.ok) return 'ok'
  expect(result.error).toBeInstanceOf(P2PError)
  expect(ERROR_CODES).toContain(result.error.code)
  return result.error.code
}

const block = (text: string) => blockMessageCodec.decode(text)

describe('wire codec decoding', () => {
  it('treats null as the zero value, as Go does', () => {
    expect(value(block(`{"Hash":"${HASH}","Height":null,"DataHubUrl":null,"PeerId":null}`))).toEqual({
      hash: HASH,
      height: 0,
      dataHubUrl: '',
      peerId: '',
    })
    expect(codeOf(block('{"Hash":null}'))).toBe('invalid_field')
  })

  it('ignores unknown members whatever their type', () => {
    const text = `{"Version":2,"Hash":"${HASH}","Nested":{"Hash":"${OTHER}"},"List":[null,true],"Hashes":"x"}`
    expect(value(block(text)).hash).toBe(HASH)
  })

  it('refuses the same key twice with different values', () => {
    expect(codeOf(block(`{"Hash":"${HASH}","Hash":"${OTHER}"}`))).toBe('invalid_json')
    expect(codeOf(block(`{"Hash":"${HASH}","PeerId":"${PEER_A}","PeerId":"${PEER_B}"}`))).toBe('invalid_json')
  })

  // Go matches each key to a field as it reads, so of keys that differ only in case the last
  // one read wins; a later null leaves the field as it was.
  it('lets the last of keys differing only in case win', () => {
    expect(value(block(`{"Hash":"${HASH}","PeerId":"${PEER_A}","peerid":"${PEER_B}"}`)).peerId).toBe(PEER_B)
    expect(value(block(`{"Hash":"${HASH}","PEERID":"${PEER_B}","PeerId":"${PEER_A}"}`)).peerId).toBe(PEER_A)
    expect(value(block(`{"hash":"${OTHER}","Hash":"${HASH}"}`)).hash).toBe(HASH)
    expect(value(block(`{"Hash":"${HASH}","PeerId":"${PEER_A}","PEERID":null}`)).peerId).toBe(PEER_A)
  })

  // Go folds keys with Unicode simple folding, under which the long s matches s.
  it('matches keys the way Go folds them, long s included', () => {
    expect(value(block(`{"Ha\u017fh":"${HASH}"}`)).hash).toBe(HASH)
    expect(value(block(`{"HA\u017fH":"${HASH}","Peer\u0130d":"${PEER_A}"}`)).peerId).toBe('')
  })

  it('refuses wrong JSON types for each member with invalid_field', () => {
    for (const bad of ['1', 'true', '[]', '{}', `["${HASH}"]`]) {
      expect(codeOf(block(`{"Hash":${bad}}`))).toBe('invalid_field')
      expect(codeOf(block(`{"Hash":"${HASH}","PeerId":${bad}}`))).toBe('invalid_field')
    }
    expect(codeOf(block(`{"Hash":"${HASH}","Height":"1"}`))).toBe('invalid_field')
  })

  it('names the offending member in the error', () => {
    const result = rejectedTxMessageCodec.decode(`{"TxId":"${HASH}","Reason":7}`)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.message).toContain('RejectedTxMessage.Reason')
      expect(result.error.context).toEqual({ message: 'RejectedTxMessage', field: 'Reason' })
    }
  })

  it('refuses payloads that are not a JSON object', () => {
    for (const text of ['[]', `[{"Hash":"${HASH}"}]`, '"x"', 'null', 'true'])
      expect(codeOf(block(text))).toBe('not_an_object')
  })

  // Numbers are read as JsonNumber objects; a top-level one must still count as "not an object".
  it('refuses a top-level number as not_an_object', () => {
    expect(codeOf(block('1'))).toBe('not_an_object')
    expect(codeOf(block('-2.5e10'))).toBe('not_an_object')
  })

  it('refuses garbage, empty input and truncated JSON with invalid_json', () => {
    for (const text of ['', 'garbage', '{', `{"Hash":"${HASH}"`, `{"Hash":"${HASH}"}}`, '{"Hash":}']) {
      expect(codeOf(block(text))).toBe('invalid_json')
    }
  })

  it('refuses bytes that are not UTF-8 and a UTF-8 byte order mark', () => {
    const payload = new TextEncoder().encode(`{"Hash":"${HASH}"}`)
    expect(
      codeOf(
        blockMessageCodec.decode(Uint8Array.from([...payload.subarray(0, 5), 0xff, ...payload.subarray(5)])),
      ),
    ).toBe('invalid_utf8')
    expect(codeOf(blockMessageCodec.decode(Uint8Array.from([0xef, 0xbb, 0xbf, ...payload])))).not.toBe('ok')
    expect(codeOf(blockMessageCodec.decode(`\ufeff{"Hash":"${HASH}"}`))).not.toBe('ok')
  })

  it('neither fills fields from nor pollutes Object.prototype through "__proto__"', () => {
    const result = block(
      `{"__proto__":{"Hash":"${HASH}","Height":7},"constructor":{"prototype":{"Hash":"${HASH}"}}}`,
    )
    expect(codeOf(result)).toBe('invalid_field')
    expect(({} as Record<string, unknown>).Hash).toBeUndefined()
    expect(({} as Record<string, unknown>).Height).toBeUndefined()
    const alongside = value(block(`{"Hash":"${HASH}","__proto__":{"Height":7}}`))
    expect(alongside.height).toBe(0)
    expect(Object.getPrototypeOf(alongside)).toBe(Object.prototype)
  })

  it('applies the codec cap by default and a caller cap when given', () => {
    const text = `{"Hash":"${HASH}"}`
    expect(codeOf(blockMessageCodec.decode(text, text.length))).toBe('ok')
    expect(codeOf(blockMessageCodec.decode(text, text.length - 1))).toBe('payload_too_large')
    expect(codeOf(blockMessageCodec.decode(text.padEnd(32 * 1024 + 1, ' ')))).toBe('payload_too_large')
    expect(codeOf(blockMessageCodec.decode(text.padEnd(32 * 1024 + 1, ' '), 64 * 1024))).toBe('ok')
  })
})

describe('wire codec construction and encoding', () => {
  it('create validates port data and normalises it', () => {
    const created = blockMessageCodec.create({
      hash: HASH.toUpperCase(),
      height: 1,
      dataHubUrl: '',
      peerId: '',
    })
    expect(value(created).hash).toBe(HASH)
    expect(codeOf(blockMessageCodec.create({ hash: HASH, height: 1, dataHubUrl: '' }))).toBe('invalid_field')
    expect(
      codeOf(blockMessageCodec.create({ hash: HASH, height: 1, dataHubUrl: '', peerId: '', extra: 1 })),
    ).toBe('invalid_field')
    expect(codeOf(blockMessageCodec.create(null))).toBe('invalid_field')
  })

  it('encode throws a coded error naming the member for invalid values', () => {
    const bad = { hash: HASH, height: 1.5, dataHubUrl: '', peerId: '' } as BlockMessage
    let thrown: unknown
    try {
      blockMessageCodec.encode(bad)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(P2PError)
    expect((thrown as P2PError).code).toBe('invalid_field')
    expect((thrown as P2PError).context).toMatchObject({ field: 'Height' })
  })

  it('checks a message once, where it is made: encode trusts what create or decode returned', () => {
    const schema = z.strictObject({ a: uint32Schema })
    let checks = 0
    const counted = schema.superRefine(() => {
      checks++
    })
    const codec = defineWireCodec<{ a: number }>({
      name: 'Counted',
      fields: [{ wire: 'A', key: 'a', type: 'uint32' }],
      schema: counted,
      maxBytes: 64,
    })
    const made = value(codec.create({ a: 1 }))
    const received = value(codec.decode('{"A":2}'))
    expect(checks).toBe(2)
    expect(Object.isFrozen(made) && Object.isFrozen(received)).toBe(true)
    expect(codec.encode(made)).toBe('{"A":1}')
    expect(codec.encode(received)).toBe('{"A":2}')
    expect(checks).toBe(2)
    // A copy was not made by the codec, so it is checked as it is encoded, and refused if bad.
    expect(codec.encode({ ...made })).toBe('{"A":1}')
    expect(checks).toBe(3)
    expect(() => codec.encode({ ...made, a: -1 })).toThrow(P2PError)
  })

  it('defines codecs from a field table: order, zero values and types come from it', () => {
    const codec = defineWireCodec<{ b: bigint; a: number; s: string }>({
      name: 'Sample',
      fields: [
        { wire: 'Big', key: 'b', type: 'uint64' },
        { wire: 'Small', key: 'a', type: 'uint32' },
        { wire: 'Text', key: 's', type: 'string' },
      ],
      schema: z.strictObject({ b: uint64Schema, a: uint32Schema, s: z.string() }),
      maxBytes: 256,
    })
    expect(codec.name).toBe('Sample')
    expect(codec.maxBytes).toBe(256)
    expect(codec.encode({ b: 1n, a: 2, s: '<' })).toBe('{"Big":1,"Small":2,"Text":"\\u003c"}')
    expect(value(codec.decode('{}'))).toEqual({ b: 0n, a: 0, s: '' })
    expect(value(codec.decode('{"TEXT":"x","big":5,"small":6}'))).toEqual({ b: 5n, a: 6, s: 'x' })
    expect(codeOf(codec.decode('{"Small":12345678901}'))).toBe('invalid_field')
    expect(codeOf(codec.decode('{"Big":123456789012345678901}'))).toBe('invalid_field')
  })
})
