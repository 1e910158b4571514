/**
 * JSON text exactly as Go's encoding/json writes it, so that what we publish is byte-identical
 * to what a reference node would publish for the same values:
 * - `<`, `>`, `&`, U+2028 and U+2029 are escaped as \u003c, \u003e, \u0026, \u2028, \u2029;
 * - control characters use \n \r \t \b \f (Go ≥ 1.22) or \u00xx with lower-case hex;
 * - text that is not valid Unicode (a lone surrogate here, invalid UTF-8 in Go) becomes \ufffd;
 * - DEL and all other characters are written as they are.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`
}

export function goQuote(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`
  let out = '"'
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string
    const code = value.charCodeAt(i)
    const short = SHORT_ESCAPES[ch]
    if (short !== undefined) {
      out += short
    } else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) {
      out += unicodeEscape(code)
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (value[i + 1] as string)
        i++
      } else {
        out += '\\ufffd'
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      out += '\\ufffd'
    } else {
      out += ch
    }
  }
  return `${out}"`
}

/** A JSON member value, already in its Go-compatible text form. */
export type GoJsonScalar = string | number | bigint

export function goValue(value: GoJsonScalar): string {
  if (typeof value === 'string') return goQuote(value)
  if (typeof value === 'bigint') return value.toString()
  if (!Number.isFinite(value)) throw new RangeError('JSON has no representation for non-finite numbers')
  return String(value)
}

/** Writes an object with members in the given order, no white space, as Go does. */
export function goObject(members: ReadonlyArray<readonly [string, GoJsonScalar]>): string {
  let out = '{'
  for (let i = 0; i < members.length; i++) {
    const [key, value] = members[i] as readonly [string, GoJsonScalar]
    if (i > 0) out += ','
    out += `${goQuote(key)}:${goValue(value)}`
  }
  return `${out}}`
}
