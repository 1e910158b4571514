import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { goObject, goQuote, goValue } from './go-json.js'

// Any UTF-16 code unit, so lone and reversed surrogates show up as often as anything else.
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))
// What Go never writes raw inside a JSON string, beyond the quote and backslash every encoder escapes.
const isControlOrHtml = (ch: string) => (ch.codePointAt(0) ?? 0) < 0x20 || '<>&\u2028\u2029'.includes(ch)
const mustEscape = (ch: string) => isControlOrHtml(ch) || ch === '"' || ch === '\\'
const plainCodePoint = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((ch) => !mustEscape(ch))

describe('goQuote', () => {
  it('writes plain text unchanged between quotes', () => {
    expect(goQuote('')).toBe('""')
    expect(goQuote('http://localhost:8090/api/v1')).toBe('"http://localhost:8090/api/v1"')
  })

  it('escapes the HTML-significant characters as Go does by default', () => {
    expect(goQuote('<a>&</a>')).toBe('"\\u003ca\\u003e\\u0026\\u003c/a\\u003e"')
  })

  it('escapes the JavaScript line and paragraph separators', () => {
    expect(goQuote('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"')
  })

  it('uses the short escapes for quote, backslash and the five named controls', () => {
    expect(goQuote('"\\')).toBe('"\\"\\\\"')
    expect(goQuote('\n\r\t\b\f')).toBe('"\\n\\r\\t\\b\\f"')
  })

  it('writes other control characters as \\u00xx in lower-case hex', () => {
    expect(goQuote('\u0000\u0001\u000b\u000e\u001b\u001f')).toBe(
      '"\\u0000\\u0001\\u000b\\u000e\\u001b\\u001f"',
    )
  })

  it('replaces lone surrogates with \\ufffd and keeps valid pairs raw', () => {
    expect(goQuote('\ud800')).toBe('"\\ufffd"')
    expect(goQuote('\udc00')).toBe('"\\ufffd"')
    expect(goQuote('a\ud83d')).toBe('"a\\ufffd"')
    expect(goQuote('\ude00\ud83d')).toBe('"\\ufffd\\ufffd"')
    expect(goQuote('\ud83d\ude00')).toBe('"\ud83d\ude00"')
    expect(goQuote('\ud800<')).toBe('"\\ufffd\\u003c"')
  })

  it('writes DEL, C1 controls and non-ASCII text raw', () => {
    expect(goQuote('\u007f')).toBe('"\u007f"')
    expect(goQuote('\u0085')).toBe('"\u0085"')
    expect(goQuote('café 😀 €')).toBe('"café 😀 €"')
    expect(goQuote('é<')).toBe('"é\\u003c"')
  })

  it('is read back by any JSON parser as the well-formed form of the input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(anyCodeUnit, fc.constantFrom('<', '>', '&', '"', '\\')) }),
        (text) => {
          const quoted = goQuote(text)
          expect(JSON.parse(quoted)).toBe(text.toWellFormed())
          expect(quoted.isWellFormed()).toBe(true)
          expect([...quoted].some(isControlOrHtml)).toBe(false)
        },
      ),
    )
  })

  it('leaves well-formed text without special characters untouched', () => {
    fc.assert(
      fc.property(fc.string({ unit: plainCodePoint }), (text) => {
        expect(goQuote(text)).toBe(`"${text}"`)
      }),
    )
  })
})

describe('goValue', () => {
  it('writes numbers and bigints as plain integers', () => {
    expect(goValue(0)).toBe('0')
    expect(goValue(4294967295)).toBe('4294967295')
    expect(goValue(18446744073709551615n)).toBe('18446744073709551615')
    expect(goValue(9007199254740993n)).toBe('9007199254740993')
  })

  it('quotes strings', () => {
    expect(goValue('a&b')).toBe('"a\\u0026b"')
  })

  it('refuses non-finite numbers', () => {
    expect(() => goValue(Number.NaN)).toThrow(RangeError)
    expect(() => goValue(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })
})

describe('goObject', () => {
  it('keeps member order and writes no white space', () => {
    expect(goObject([])).toBe('{}')
    expect(
      goObject([
        ['Zeta', 1],
        ['Alpha', 'x'],
        ['Big', 18446744073709551615n],
      ]),
    ).toBe('{"Zeta":1,"Alpha":"x","Big":18446744073709551615}')
  })

  it('escapes keys as it escapes values', () => {
    expect(goObject([['a<b', '']])).toBe('{"a\\u003cb":""}')
  })
})
