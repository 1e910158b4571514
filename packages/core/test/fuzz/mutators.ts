import type { Prng } from './prng.js'
import type { Entry } from './seeds.js'

// Data hub URLs on both sides of the SSRF policy, in the forms parsers disagree about.
export const TRICKY_URLS = [
  'http://node.example/api/v1',
  'https://8.8.8.8:8090/',
  'http://[2001:4860::8888]/',
  'http://127.0.0.1/',
  'http://127.1/',
  'http://0x7f.1/',
  'http://2130706433/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::1]/',
  'http://localhost/',
  'http://a.localhost./',
  'HTTP://10.0.0.1/',
  'http://a@10.0.0.1/',
  'http://a@node.example/',
  'http://node.example\\@127.0.0.1/',
  'http://192.168.1.1:8090/',
  'http://172.20.0.1/',
  'http://169.254.169.254/',
  'http://100.64.1.1/',
  'http://0.0.0.0/',
  'http://[fe80::1]/',
  'http://[fd00::1]/',
  'ftp://node.example/',
  'javascript:alert(1)',
  'http://',
  ' http://node.example/',
  'http://node.example/\u0000',
  'http:node.example',
  '//node.example/',
  'http://node.example/a b',
  '',
]

const HUGE_NUMBERS = [
  '4294967296',
  '18446744073709551616',
  '1e400',
  '-1',
  '1.5',
  '-0',
  '00',
  '9'.repeat(400),
  '1E3',
  '1.0',
  '-18446744073709551616',
  '1180591620717411303424',
]
const WRONG_TYPES = ['[]', '{}', 'true', 'false', 'null', '0', '"x"', '"123"', '[1,2]', '{"a":1}']
const JUNK = [
  '\u0000',
  '\u0007',
  '\u202e',
  '\u0085',
  '\ud83d\ude00',
  '\ufffd',
  '\\ud800',
  '\\u0000',
  '\\"',
  '\u{10ffff}',
  'é',
]

type EntryMutator = (entries: Entry[], rng: Prng, peers: readonly string[]) => void

const valueAt = (entries: Entry[], rng: Prng): Entry | undefined => entries[rng.int(entries.length)]
const insertAt = (text: string, at: number, piece: string) => text.slice(0, at) + piece + text.slice(at)

export const ENTRY_MUTATORS: Readonly<Record<string, EntryMutator>> = {
  keyCase: (entries, rng) => {
    const entry = valueAt(entries, rng)
    if (entry) entry[0] = rng.chance(0.5) ? entry[0].toLowerCase() : entry[0].toUpperCase()
  },
  // Keys are matched case-insensitively, as Go does: all of them at once, in one case.
  allKeysCase: (entries, rng) => {
    const upper = rng.chance(0.5)
    for (const entry of entries) entry[0] = upper ? entry[0].toUpperCase() : entry[0].toLowerCase()
  },
  duplicateKey: (entries, rng) => {
    const entry = valueAt(entries, rng)
    if (entry) entries.push([entry[0], rng.chance(0.5) ? entry[1] : rng.pick(WRONG_TYPES)])
  },
  hugeNumber: (entries, rng) => {
    const entry = valueAt(entries, rng)
    if (entry) entry[1] = rng.pick(HUGE_NUMBERS)
  },
  wrongType: (entries, rng) => {
    const entry = valueAt(entries, rng)
    if (entry) entry[1] = rng.pick(WRONG_TYPES)
  },
  unicodeJunk: (entries, rng) => {
    const entry = valueAt(entries, rng)
    if (entry?.[1].startsWith('"'))
      entry[1] = insertAt(entry[1], 1 + rng.int(entry[1].length - 1), rng.pick(JUNK))
  },
  nested: (entries, rng) => {
    const entry = valueAt(entries, rng)
    // Deep nesting is costly to parse and rarely new: a few go past the decoder's comfort, most not.
    const depth = rng.chance(0.01) ? 2000 + rng.int(3000) : 1 + rng.int(8)
    if (entry) entry[1] = '{"a":['.repeat(depth) + entry[1] + ']}'.repeat(depth)
  },
  dropKey: (entries, rng) => {
    entries.splice(rng.int(entries.length), 1)
  },
  extraKey: (entries, rng) => {
    entries.splice(rng.int(entries.length + 1), 0, [
      rng.pick(['x', 'Extra', '__proto__', 'constructor']),
      '1',
    ])
  },
  url: (entries, rng) => {
    const entry = entries.find(([key]) => key.toLowerCase() === 'datahuburl')
    if (entry) entry[1] = JSON.stringify(rng.pick(TRICKY_URLS))
  },
  spoof: (entries, rng, peers) => {
    const entry = entries.find(([key]) => key.toLowerCase() === 'peerid')
    if (entry) entry[1] = JSON.stringify(rng.chance(0.2) ? '' : rng.pick(peers))
  },
  hash: (entries, rng) => {
    const entry = entries.find(([key]) => /hash|txid/i.test(key))
    if (!entry) return
    const hex = entry[1].slice(1, -1)
    entry[1] = JSON.stringify(
      rng.pick([hex.toUpperCase(), hex.slice(1), `${hex}0`, `${hex.slice(1)}g`, '', hex.replace(/.$/, ' ')]),
    )
  },
}

type ByteMutator = (bytes: Uint8Array, rng: Prng, other: Uint8Array) => Uint8Array

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

const SPACE = 0x20

export const BYTE_MUTATORS: Readonly<Record<string, ByteMutator>> = {
  flip: (bytes, rng) => {
    const out = bytes.slice()
    for (let n = 1 + rng.int(4); n > 0 && out.length > 0; n--) {
      const at = rng.int(out.length)
      out[at] = (out[at] ?? 0) ^ (1 << rng.int(8))
    }
    return out
  },
  truncate: (bytes, rng) => bytes.slice(0, rng.int(bytes.length + 1)),
  insert: (bytes, rng) => {
    const at = rng.int(bytes.length + 1)
    return concat(bytes.subarray(0, at), rng.bytes(1 + rng.int(8)), bytes.subarray(at))
  },
  bom: (bytes) => concat(new Uint8Array([0xef, 0xbb, 0xbf]), bytes),
  // Whitespace is valid JSON; a lot of it takes the payload over its size limit.
  padding: (bytes, rng) => {
    const pad = new Uint8Array(rng.chance(0.05) ? 20_000 : 1 + rng.int(64)).fill(SPACE)
    return concat(pad, bytes, pad)
  },
  splice: (bytes, rng, other) =>
    concat(bytes.subarray(0, rng.int(bytes.length)), other.subarray(rng.int(other.length))),
  random: (_bytes, rng) => rng.bytes(rng.chance(0.01) ? 40_000 : rng.int(600)),
}
