import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { P2PError } from '../errors/p2p-error.js'
import { foldKey, JsonNumber, type JsonObject, readJsonObject, utf8ByteLength } from './json-reader.js'

const bytes = (text: string) => new TextEncoder().encode(text)

function codeOf(input: Uint8Array | string, maxBytes = 1024): string {
  const result = readJsonObject(input, maxBytes)
  if (result.ok) return 'ok'
  expect(result.error).toBeInstanceOf(P2PError)
  return result.error.code
}

function objectOf(input: Uint8Array | string, maxBytes = 1024): JsonObject {
  const result = readJsonObject(input, maxBytes)
  if (!result.ok) throw result.error
  return result.value
}

describe('readJsonObject', () => {
  it('reads an object from text or from UTF-8 bytes alike', () => {
    const text = '{"a":"é","b":{"c":[1,2]}}'
    expect(objectOf(text)).toEqual(objectOf(bytes(text)))
    expect(objectOf(text).a).toBe('é')
  })

  it('keeps numbers as their source text, so uint64 values and non-integers stay distinguishable', () => {
    const object = objectOf('{"big":18446744073709551615,"float":1.0,"exp":1e3,"neg":-1}')
    expect(object.big).toEqual(new JsonNumber('18446744073709551615'))
    expect(object.float).toEqual(new JsonNumber('1.0'))
    expect(object.exp).toEqual(new JsonNumber('1e3'))
    expect(object.neg).toEqual(new JsonNumber('-1'))
  })

  it('allows JSON white space around the object', () => {
    expect(codeOf(' \t\r\n{"a":1} \n')).toBe('ok')
  })

  it('checks the size in UTF-8 bytes before parsing', () => {
    const exact = `{"a":"${'x'.repeat(1024 - 8)}"}`
    expect(utf8ByteLength(exact)).toBe(1024)
    expect(codeOf(exact)).toBe('ok')
    expect(codeOf(bytes(exact))).toBe('ok')
    expect(codeOf(`${exact} `)).toBe('payload_too_large')
    expect(codeOf(bytes(`${exact} `))).toBe('payload_too_large')
    // Counted in bytes, not UTF-16 units: 600 two-byte characters are 1200 bytes.
    expect(codeOf(`{"a":"${'é'.repeat(600)}"}`)).toBe('payload_too_large')
    // Oversized garbage is refused for its size, proving nothing was parsed.
    expect(codeOf(new Uint8Array(1025).fill(0xff))).toBe('payload_too_large')
  })

  it('refuses bytes that are not UTF-8', () => {
    for (const bad of [
      [0x7b, 0xff, 0x7d],
      [0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d], // overlong '/'
      [0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d], // an encoded surrogate
      [0x7b, 0x22, 0xe2, 0x82, 0x22, 0x7d], // truncated sequence
    ]) {
      expect(codeOf(Uint8Array.from(bad))).toBe('invalid_utf8')
    }
  })

  it('refuses a byte order mark, as Go does', () => {
    expect(codeOf(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]))).toBe('invalid_json')
    expect(codeOf('\ufeff{"a":1}')).toBe('invalid_json')
  })

  it('refuses JSON that is not an object', () => {
    for (const text of ['[]', '[{"a":1}]', '"x"', 'null', 'true', 'false'])
      expect(codeOf(text)).toBe('not_an_object')
  })

  // Numbers are read as JsonNumber instances, which are objects to `typeof`; they must still be
  // refused at the top.
  it('refuses a top-level number as not an object', () => {
    for (const text of ['1', '0', '-1.5e3', '18446744073709551615'])
      expect(codeOf(text)).toBe('not_an_object')
  })

  it('refuses text that is not JSON', () => {
    for (const text of [
      '',
      ' ',
      '{',
      '{"a":1',
      '{"a":1} x',
      "{'a':1}",
      '{a:1}',
      '{"a":01}',
      '{"a":NaN}',
      '{"a":1,}',
      'garbage',
    ]) {
      expect(codeOf(text)).toBe('invalid_json')
    }
  })

  it('refuses duplicate keys with different values but not exact repeats', () => {
    expect(codeOf('{"a":1,"a":2}')).toBe('invalid_json')
    expect(codeOf('{"a":"x","a":null}')).toBe('invalid_json')
    expect(codeOf('{"a":1,"a":1}')).toBe('ok')
  })

  it('keeps "__proto__" as a plain key without touching any prototype', () => {
    const object = objectOf('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')
    expect(Object.keys(object)).toEqual(['__proto__', 'constructor'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('returns an error rather than overflowing the stack on deep nesting', () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(() => readJsonObject(deep, 1_000_000)).not.toThrow()
    expect(['ok', 'invalid_json']).toContain(codeOf(deep, 1_000_000))
    expect(codeOf('['.repeat(100_000), 1_000_000)).toBe('invalid_json')
  })
})

describe('utf8ByteLength', () => {
  it('agrees with the UTF-8 encoder for any string, lone surrogates included', () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
    )
    fc.assert(
      fc.property(fc.string({ unit }), (text) => {
        expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).byteLength)
      }),
    )
  })
})

describe('foldKey', () => {
  it('folds case the way Go matches struct fields', () => {
    expect(foldKey('PeerID')).toBe(foldKey('PeerId'))
    expect(foldKey('peerid')).toBe(foldKey('PEERID'))
    expect(foldKey('DataHubURL')).toBe(foldKey('DataHubUrl'))
    expect(foldKey('TxID')).toBe(foldKey('TxId'))
  })

  it('folds the Kelvin sign to k and the long s to s', () => {
    expect(foldKey('\u212a')).toBe('k')
    expect(foldKey('Ha\u017fh')).toBe(foldKey('Hash'))
  })

  it('does not conflate different names', () => {
    expect(foldKey('PeerId')).not.toBe(foldKey('PeerIds'))
    expect(foldKey('Hash')).not.toBe(foldKey('PreviousHash'))
  })
})
