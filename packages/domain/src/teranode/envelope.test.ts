import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../errors/error-codes.js'
import type { Result } from '../errors/result.js'
import {
  decodeEnvelope,
  ENVELOPE_NAME_ROOM,
  encodeEnvelope,
  envelopeDisplayName,
  envelopeMaxBytes,
} from './envelope.js'
import { decodeGoBase64, encodeBase64 } from './go-base64.js'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const utf8 = (s: string) => new TextEncoder().encode(s)
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code)
const CAP = 1024

describe('Go base64', () => {
  it('writes what Node writes for standard padded base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
        expect(decodeGoBase64(encodeBase64(bytes))).toEqual(bytes)
      }),
    )
  })

  it('reads as Go reads a []byte: padding required, line breaks skipped, unused bits ignored', () => {
    expect(decodeGoBase64('eA')).toBeUndefined()
    expect(decodeGoBase64('-_-_')).toBeUndefined()
    expect(decodeGoBase64('eA==eA==')).toBeUndefined()
    expect(decodeGoBase64('e===')).toBeUndefined()
    expect(decodeGoBase64('eA==')).toEqual(utf8('x'))
    expect(decodeGoBase64('eB==')).toEqual(utf8('x'))
    expect(decodeGoBase64('ey\r\nJ9')).toEqual(utf8('{"}'))
    expect(decodeGoBase64('')).toEqual(new Uint8Array())
  })

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void decodeGoBase64(s)))
  })
})

describe('envelope', () => {
  it('writes the bus struct exactly: name then data, Go escaping, padded base64, no newline', () => {
    expect(text(encodeEnvelope('a<b>&c\u2028', utf8('{"x":1}')))).toBe(
      '{"name":"a\\u003cb\\u003e\\u0026c\\u2028","data":"eyJ4IjoxfQ=="}',
    )
  })

  it('reads keys in any case and ignores unknown members', () => {
    const decoded = decodeEnvelope(utf8('{"NAME":"n","Data":"eyJ9","x":[1]}'), CAP)
    expect(decoded).toEqual({ ok: true, value: { name: 'n', data: utf8('{"}') } })
  })

  it('refuses an envelope it cannot read a payload out of', () => {
    expect(codeOf(decodeEnvelope(utf8('{}'), CAP))).toBe('invalid_field')
    expect(codeOf(decodeEnvelope(utf8('{"name":"n","data":""}'), CAP))).toBe('invalid_field')
    expect(codeOf(decodeEnvelope(utf8('{"name":"n","data":null}'), CAP))).toBe('invalid_field')
    expect(codeOf(decodeEnvelope(utf8('{"name":"n","data":"eA"}'), CAP))).toBe('invalid_field')
    expect(codeOf(decodeEnvelope(utf8('{"name":5,"data":"eA=="}'), CAP))).toBe('invalid_field')
    expect(codeOf(decodeEnvelope(utf8('null'), CAP))).toBe('not_an_object')
    expect(codeOf(decodeEnvelope(utf8('{"name":"n"'), CAP))).toBe('invalid_json')
  })

  it('caps the envelope before parsing and the payload after unwrapping', () => {
    expect(envelopeMaxBytes(3)).toBe(4 + ENVELOPE_NAME_ROOM + 21)
    const payload = new Uint8Array(CAP + 1).fill(0x20)
    expect(codeOf(decodeEnvelope(encodeEnvelope('n', payload), CAP))).toBe('payload_too_large')
    expect(codeOf(decodeEnvelope(new Uint8Array(envelopeMaxBytes(CAP) + 1), CAP))).toBe('payload_too_large')
    expect(codeOf(decodeEnvelope(encodeEnvelope('n', payload.subarray(1)), CAP))).toBe('ok')
  })

  it('shows a name as the bus does: unprintable characters dropped, at most 64 bytes', () => {
    expect(envelopeDisplayName('node\n\u0001\u200e-1')).toBe('node-1')
    expect(envelopeDisplayName('é'.repeat(40))).toBe('é'.repeat(32))
    expect(envelopeDisplayName(`${'\u0001'.repeat(255)}é`)).toBe('\ufffd')
  })

  it('decode(encode(x)) equals x for any name and non-empty payload', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: CAP }),
        (name, data) => {
          expect(decodeEnvelope(encodeEnvelope(name, data), CAP)).toEqual({
            ok: true,
            value: { name: name.toWellFormed(), data },
          })
        },
      ),
    )
  })

  it('never throws on arbitrary or mutated bytes', () => {
    const mutated = fc
      .tuple(
        fc.string(),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
      )
      .map(([name, data, at, byte]) => {
        const bytes = encodeEnvelope(name, data)
        bytes[at % bytes.length] = byte
        return bytes
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), mutated, fc.json().map(utf8)), (input) => {
        const result = decodeEnvelope(input, CAP)
        if (!result.ok) expect(ERROR_CODES).toContain(result.error.code)
      }),
    )
  })
})
