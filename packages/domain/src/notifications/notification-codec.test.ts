import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../errors/error-codes.js'
import { isP2PError } from '../errors/p2p-error.js'
import type { Hash } from '../hash/hash.js'
import type { Notification } from './notification.js'
import { decodeNotification, encodeNotification, formatNotificationTimestamp } from './notification-codec.js'

const HASH = '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048' as Hash
const PREVIOUS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'
const DATA_HUB = 'http://localhost:8090/api/v1'
const T_MS = 1_700_000_000_123
const T = '2023-11-14T22:13:20Z'

function decoded(input: string): Notification {
  const result = decodeNotification(input)
  if (!result.ok) throw result.error
  return result.value
}

function codeOf(input: string | Uint8Array): string {
  const result = decodeNotification(input)
  return result.ok ? 'ok' : result.error.code
}

describe('formatNotificationTimestamp', () => {
  it('writes UTC to the whole second, truncating', () => {
    expect(formatNotificationTimestamp(T_MS)).toBe(T)
    expect(formatNotificationTimestamp(1_700_000_000_999)).toBe(T)
    expect(formatNotificationTimestamp(0)).toBe('1970-01-01T00:00:00Z')
    expect(formatNotificationTimestamp(Date.UTC(2024, 1, 29, 23, 59, 59, 500))).toBe('2024-02-29T23:59:59Z')
  })
})

describe('encodeNotification golden frames', () => {
  it('block', () => {
    const n: Notification = {
      type: 'block',
      timestampMs: T_MS,
      hash: HASH,
      baseUrl: DATA_HUB,
      peerId: PEER,
      height: 123,
    }
    expect(encodeNotification(n)).toBe(
      `{"timestamp":"${T}","type":"block","hash":"${HASH}","base_url":"${DATA_HUB}","peer_id":"${PEER}","height":123}`,
    )
  })

  it('subtree', () => {
    const n: Notification = {
      type: 'subtree',
      timestampMs: T_MS,
      hash: HASH,
      baseUrl: DATA_HUB,
      peerId: PEER,
    }
    expect(encodeNotification(n)).toBe(
      `{"timestamp":"${T}","type":"subtree","hash":"${HASH}","base_url":"${DATA_HUB}","peer_id":"${PEER}"}`,
    )
  })

  it('mining_on, with the reference key order (tx_count before height)', () => {
    const n: Notification = {
      type: 'mining_on',
      timestampMs: T_MS,
      hash: HASH,
      baseUrl: DATA_HUB,
      peerId: PEER,
      previousHash: PREVIOUS,
      height: 1,
      miner: '/pool & co/',
      sizeInBytes: 215n,
      txCount: 18446744073709551615n,
    }
    expect(encodeNotification(n)).toBe(
      `{"timestamp":"${T}","type":"mining_on","hash":"${HASH}","base_url":"${DATA_HUB}","peer_id":"${PEER}",` +
        `"previousblockhash":"${PREVIOUS}","tx_count":18446744073709551615,"height":1,"size_in_bytes":215,` +
        '"miner":"/pool \\u0026 co/"}',
    )
  })

  it('rejected_tx, with the tx id as hash and the reason last', () => {
    const n: Notification = {
      type: 'rejected_tx',
      timestampMs: T_MS,
      hash: HASH,
      peerId: PEER,
      reason: 'missing inputs',
    }
    expect(encodeNotification(n)).toBe(
      `{"timestamp":"${T}","type":"rejected_tx","hash":"${HASH}","peer_id":"${PEER}","reason":"missing inputs"}`,
    )
  })

  it('PING, with and without a timestamp', () => {
    expect(encodeNotification({ type: 'PING', timestampMs: T_MS })).toBe(`{"timestamp":"${T}","type":"PING"}`)
    expect(encodeNotification({ type: 'PING' })).toBe('{"type":"PING"}')
  })

  it('omits empty and zero members but always writes type', () => {
    expect(encodeNotification({ type: 'block', hash: HASH, baseUrl: '', peerId: '', height: 0 })).toBe(
      `{"type":"block","hash":"${HASH}"}`,
    )
    expect(
      encodeNotification({
        type: 'mining_on',
        hash: HASH,
        baseUrl: '',
        peerId: '',
        previousHash: '' as Hash,
        height: 0,
        miner: '',
        sizeInBytes: 0n,
        txCount: 0n,
      }),
    ).toBe(`{"type":"mining_on","hash":"${HASH}"}`)
  })
})

describe('decodeNotification', () => {
  it('reads each golden frame back, timestamp cut to the second', () => {
    const frames: Notification[] = [
      { type: 'block', timestampMs: T_MS, hash: HASH, baseUrl: DATA_HUB, peerId: PEER, height: 123 },
      { type: 'subtree', timestampMs: T_MS, hash: HASH, baseUrl: DATA_HUB, peerId: PEER },
      {
        type: 'mining_on',
        timestampMs: T_MS,
        hash: HASH,
        baseUrl: DATA_HUB,
        peerId: PEER,
        previousHash: PREVIOUS,
        height: 7,
        miner: 'm',
        sizeInBytes: 9007199254740993n,
        txCount: 2n,
      },
      { type: 'rejected_tx', timestampMs: T_MS, hash: HASH, peerId: PEER, reason: 'r <1>' },
      { type: 'PING', timestampMs: T_MS },
      { type: 'PING' },
    ]
    for (const frame of frames) {
      const expected = frame.timestampMs === undefined ? frame : { ...frame, timestampMs: 1_700_000_000_000 }
      expect(decoded(encodeNotification(frame))).toEqual(expected)
    }
  })

  it('gives omitted members their zero values', () => {
    expect(decoded(`{"type":"block","hash":"${HASH}"}`)).toEqual({
      type: 'block',
      hash: HASH,
      baseUrl: '',
      peerId: '',
      height: 0,
    })
  })

  it('keeps only the members of the decoded type', () => {
    expect(decoded(`{"type":"subtree","hash":"${HASH}","height":5,"reason":"x","extra":true}`)).toEqual({
      type: 'subtree',
      hash: HASH,
      baseUrl: '',
      peerId: '',
    })
    expect(decoded(`{"type":"PING","hash":7}`)).toEqual({ type: 'PING' })
  })

  it('lower-cases the hash', () => {
    expect(decoded(`{"type":"subtree","hash":"${HASH.toUpperCase()}"}`)).toMatchObject({ hash: HASH })
  })

  it('refuses unknown types, bad timestamps, bad hashes and wrong member types', () => {
    for (const text of [
      '{}',
      '{"type":"Block"}',
      '{"type":"ping"}',
      '{"type":5}',
      `{"type":"PING","timestamp":"${T.replace('Z', '.123Z')}"}`,
      '{"type":"PING","timestamp":"2023-11-14 22:13:20"}',
      '{"type":"PING","timestamp":1700000000}',
      '{"type":"block"}',
      `{"type":"block","hash":"${HASH.slice(1)}"}`,
      `{"type":"block","hash":"${HASH}","peer_id":5}`,
      `{"type":"block","hash":"${HASH}","height":4294967296}`,
      `{"type":"block","hash":"${HASH}","height":-1}`,
      `{"type":"block","hash":"${HASH}","height":"1"}`,
      `{"type":"mining_on","hash":"${HASH}","tx_count":18446744073709551616}`,
      `{"type":"mining_on","hash":"${HASH}","size_in_bytes":1.0}`,
      `{"type":"mining_on","hash":"${HASH}","size_in_bytes":1e3}`,
    ]) {
      expect(codeOf(text), text).toBe('invalid_field')
    }
  })

  // The pattern alone admits impossible dates; a decoded frame must carry a real instant that
  // encodes again, and Go's time parser refuses these too.
  it('refuses timestamps that match the pattern but are not real UTC times', () => {
    for (const stamp of ['2023-13-45T25:61:61Z', '2023-02-30T00:00:00Z', '2023-11-14T24:00:00Z']) {
      expect(codeOf(`{"type":"PING","timestamp":"${stamp}"}`), stamp).toBe('invalid_field')
    }
  })

  it('keeps uint64 counts exact', () => {
    expect(decoded(`{"type":"mining_on","hash":"${HASH}","tx_count":18446744073709551615}`)).toMatchObject({
      txCount: 18446744073709551615n,
      sizeInBytes: 0n,
    })
  })

  it('refuses what is not a JSON object, like the gossip codecs', () => {
    expect(codeOf('[]')).toBe('not_an_object')
    expect(codeOf('{')).toBe('invalid_json')
    expect(codeOf(Uint8Array.from([0x7b, 0xff, 0x7d]))).toBe('invalid_utf8')
    expect(codeOf(`{"type":"PING","pad":"${'x'.repeat(64 * 1024)}"}`)).toBe('payload_too_large')
  })
})

describe('notification properties', () => {
  const hashArb = fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((b) => Buffer.from(b).toString('hex') as Hash)
  // Free text (miner, reason) is only bounded, so any well-formed text must survive; ids and URLs
  // follow the same rules as the gossip payloads they come from.
  const text = fc.string({ unit: 'binary', maxLength: 40 })
  const peerIdArb = fc.stringMatching(/^[A-Za-z0-9]{0,60}$/)
  const urlArb = fc.constantFrom('', 'http://a.example/api', 'https://node.example:8090/api/v1?x=1&y=<2>')
  const uint64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })
  const uint32 = fc.integer({ min: 0, max: 0xffff_ffff })
  const base: fc.Arbitrary<Notification> = fc.oneof(
    fc.record({
      type: fc.constant('block' as const),
      hash: hashArb,
      baseUrl: urlArb,
      peerId: peerIdArb,
      height: uint32,
    }),
    fc.record({ type: fc.constant('subtree' as const), hash: hashArb, baseUrl: urlArb, peerId: peerIdArb }),
    fc.record({
      type: fc.constant('mining_on' as const),
      hash: hashArb,
      baseUrl: urlArb,
      peerId: peerIdArb,
      previousHash: hashArb,
      height: uint32,
      miner: text,
      sizeInBytes: uint64,
      txCount: uint64,
    }),
    fc.record({ type: fc.constant('rejected_tx' as const), hash: hashArb, peerId: peerIdArb, reason: text }),
    fc.constant({ type: 'PING' as const }),
  )
  // Up to the last second of year 9999, the range the fixed-width format can express.
  const timestamp = fc.option(fc.integer({ min: 0, max: 253_402_300_799_999 }), { nil: undefined })
  const notificationArb = fc
    .tuple(base, timestamp)
    .map(([n, ms]): Notification => (ms === undefined ? n : { ...n, timestampMs: ms }))

  it('decode(encode(x)) equals x with the timestamp cut to the second', () => {
    fc.assert(
      fc.property(notificationArb, (n) => {
        const expected =
          n.timestampMs === undefined ? n : { ...n, timestampMs: Math.floor(n.timestampMs / 1000) * 1000 }
        expect(decodeNotification(encodeNotification(n))).toEqual({ ok: true, value: expected })
      }),
      { numRuns: 1000 },
    )
  })

  it('encodes deterministically with type right after the optional timestamp', () => {
    fc.assert(
      fc.property(notificationArb, (n) => {
        const frame = encodeNotification(n)
        expect(encodeNotification(n)).toBe(frame)
        expect(frame).toMatch(/^\{("timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",)?"type":"[a-zA-Z_]+"/)
      }),
    )
  })

  it('decoding never throws on arbitrary input', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      fc.json(),
      fc.object().map((o) => JSON.stringify(o)),
      fc
        .record({
          type: fc.constantFrom('block', 'subtree', 'mining_on', 'rejected_tx', 'node_status', 'PING', 'x'),
          hash: fc.jsonValue(),
        })
        .map((o) => JSON.stringify(o)),
    )
    fc.assert(
      fc.property(input, (payload) => {
        const result = decodeNotification(payload)
        if (!result.ok) {
          expect(isP2PError(result.error)).toBe(true)
          expect(ERROR_CODES).toContain(result.error.code)
        }
      }),
    )
  })
})
