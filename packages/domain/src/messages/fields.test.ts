import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  dataHubUrlSchema,
  FIELD_LIMITS,
  hashSchema,
  isHttpUrl,
  isPrintable,
  peerIdSchema,
  printableSchema,
  requiredPeerIdSchema,
  toPrintable,
  UINT32_MAX,
  UINT64_MAX,
  uint32Schema,
  uint64Schema,
} from './fields.js'

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
  schema.safeParse(v).success

describe('field limits', () => {
  it('match the reference hardening', () => {
    expect(FIELD_LIMITS).toEqual({ peerIdChars: 128, urlChars: 2048, reasonChars: 1024, minerChars: 1024 })
    expect(UINT32_MAX).toBe(4294967295)
    expect(UINT64_MAX).toBe(18446744073709551615n)
  })
})

describe('isPrintable', () => {
  it('accepts ordinary and non-Latin text', () => {
    for (const text of ['', 'missing inputs', 'é', '矿工', '😀', '\u2028', '\u00a0'])
      expect(isPrintable(text)).toBe(true)
  })

  it('refuses C0 controls, DEL, C1 controls and lone surrogates', () => {
    for (const text of [
      '\u0000',
      'a\nb',
      '\t',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u009f',
      '\ud800',
      'x\udfff',
      '\ude00\ud83d',
    ]) {
      expect(isPrintable(text)).toBe(false)
    }
  })

  // Trojan Source: these reorder the text after them when it is displayed.
  it('refuses bidirectional controls: marks, embeddings, overrides and isolates', () => {
    for (const code of [
      0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
    ]) {
      expect(isPrintable(`ok ${String.fromCharCode(code)} then`)).toBe(false)
    }
    // Their neighbours are ordinary (or at least not reordering) characters.
    for (const code of [0x061b, 0x200d, 0x2029, 0x202f, 0x2065, 0x206a]) {
      expect(isPrintable(`ok ${String.fromCharCode(code)} then`)).toBe(true)
    }
  })
})

describe('toPrintable', () => {
  it('replaces control characters with spaces', () => {
    expect(toPrintable('a\nb\tc\u0000d\u007fe\u0085f', 100)).toBe('a b c d e f')
  })

  it('replaces bidirectional controls with spaces', () => {
    expect(toPrintable('txt\u202egnp.exe \u2066x\u2069 \u200f\u061c', 100)).toBe('txt gnp.exe  x    ')
  })

  it('replaces lone surrogates with U+FFFD', () => {
    expect(toPrintable('a\ud800b\udc00', 100)).toBe('a\ufffdb\ufffd')
  })

  it('truncates to the limit without splitting a surrogate pair', () => {
    expect(toPrintable('abcdef', 3)).toBe('abc')
    expect(toPrintable('ab😀', 3)).toBe('ab')
    expect(toPrintable('ab😀', 4)).toBe('ab😀')
    expect(toPrintable('a😀b', 3)).toBe('a😀')
    expect(toPrintable('anything', 0)).toBe('')
  })

  it('always yields printable text within the limit', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), fc.nat(100), (text, max) => {
        const out = toPrintable(text, max)
        expect(isPrintable(out)).toBe(true)
        expect(out.length).toBeLessThanOrEqual(max)
        expect(out.length).toBeGreaterThanOrEqual(Math.min(max, text.length) - 1)
      }),
    )
  })

  it('leaves printable text that fits untouched', () => {
    expect(toPrintable('/Teranode miner/ é 😀', 1024)).toBe('/Teranode miner/ é 😀')
  })
})

describe('isHttpUrl', () => {
  it('accepts absolute http and https URLs', () => {
    for (const url of [
      'http://localhost:8090/api/v1',
      'https://node.example/api?a=1&b=2',
      'HTTP://EXAMPLE.COM',
      'http://[::1]:80/',
    ]) {
      expect(isHttpUrl(url)).toBe(true)
    }
  })

  it('refuses other schemes and relative references', () => {
    for (const url of [
      '',
      'ftp://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ws://x/',
      '/api/v1',
      'localhost:8090',
      'http://',
    ]) {
      expect(isHttpUrl(url)).toBe(false)
    }
  })
})

describe('schemas', () => {
  it('hashSchema takes 64 hex characters of either case and lower-cases them', () => {
    expect(hashSchema.parse('AB'.repeat(32))).toBe('ab'.repeat(32))
    for (const bad of ['', 'ab'.repeat(31), 'ab'.repeat(33), `${'ab'.repeat(31)}zz`, 42])
      expect(accepts(hashSchema, bad)).toBe(false)
  })

  it('peer ids are letters and digits, at most 128, empty allowed unless required', () => {
    expect(accepts(peerIdSchema, '')).toBe(true)
    expect(accepts(peerIdSchema, 'a'.repeat(128))).toBe(true)
    expect(accepts(peerIdSchema, 'a'.repeat(129))).toBe(false)
    expect(accepts(peerIdSchema, '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB')).toBe(true)
    for (const bad of ['12D3-KooW', 'peer id', 'é', '/p2p/12D3', 'abc\n', '12D3KooW_x'])
      expect(accepts(peerIdSchema, bad)).toBe(false)
    expect(accepts(requiredPeerIdSchema, '')).toBe(false)
    expect(accepts(requiredPeerIdSchema, 'Qm1')).toBe(true)
    expect(accepts(requiredPeerIdSchema, 'a'.repeat(129))).toBe(false)
  })

  it('data hub URLs are empty or absolute http(s), at most 2048 characters, printable', () => {
    const base = 'http://example.com/'
    expect(accepts(dataHubUrlSchema, '')).toBe(true)
    expect(accepts(dataHubUrlSchema, 'http://localhost:8090/api/v1')).toBe(true)
    expect(accepts(dataHubUrlSchema, 'https://node.example/api/v1?a=1&b=2')).toBe(true)
    expect(accepts(dataHubUrlSchema, base + 'a'.repeat(2048 - base.length))).toBe(true)
    expect(accepts(dataHubUrlSchema, base + 'a'.repeat(2049 - base.length))).toBe(false)
    for (const bad of [
      'ftp://example.com/',
      'javascript:alert(1)',
      'data:text/html,x',
      '/api/v1',
      'example.com',
      'http://x/\n',
      'http://x/\u0085',
      'http://x/\u202etxt.exe',
      'http://example.com\u2066/\u2069',
      'https://node.example/api/v1?a=\u200f',
    ]) {
      expect(accepts(dataHubUrlSchema, bad)).toBe(false)
    }
  })

  // The URL is forwarded verbatim to block validation, so it must be a URL as written, not just
  // something the WHATWG parser can repair (it trims spaces and supplies a missing "//").
  it('data hub URLs refuse text that only parses after repair', () => {
    for (const bad of [
      ' http://example.com/',
      'http://example.com/ ',
      'http:example.com',
      'http:/example.com',
    ]) {
      expect(accepts(dataHubUrlSchema, bad)).toBe(false)
    }
  })

  it('printable text is bounded in UTF-16 units and refuses controls', () => {
    const schema = printableSchema(4)
    expect(accepts(schema, 'abcd')).toBe(true)
    expect(accepts(schema, 'abcde')).toBe(false)
    expect(accepts(schema, 'a\tb')).toBe(false)
    expect(accepts(schema, '\ud800')).toBe(false)
  })

  it('integers are unsigned and in range', () => {
    expect(accepts(uint32Schema, 0)).toBe(true)
    expect(accepts(uint32Schema, UINT32_MAX)).toBe(true)
    for (const bad of [-1, UINT32_MAX + 1, 1.5, Number.NaN, '1', 1n])
      expect(accepts(uint32Schema, bad)).toBe(false)
    expect(accepts(uint64Schema, 0n)).toBe(true)
    expect(accepts(uint64Schema, UINT64_MAX)).toBe(true)
    for (const bad of [-1n, UINT64_MAX + 1n, 1, '1']) expect(accepts(uint64Schema, bad)).toBe(false)
  })
})
