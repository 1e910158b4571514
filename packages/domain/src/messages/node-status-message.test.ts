import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../errors/error-codes.js'
import type { Result } from '../errors/result.js'
import type { Hash } from '../hash/hash.js'
import { FIELD_LIMITS, UINT32_MAX, UINT64_MAX } from './fields.js'
import {
  nodeStatusMessageCodec as codec,
  type FeePolicy,
  goFloat,
  LISTEN_MODES,
  type NodeStatusMessage,
  STORAGE_MODES,
} from './node-status-message.js'
import { MAX_PAYLOAD_BYTES } from './payload-limits.js'

const PEER = '12D3KooWJ4vDzYBkW9zsBNmQn2VN4mXKyvBx6pJK8Wq3Lx1Dk7aR'
const HASH = 'ab'.repeat(32) as Hash

function value<T>(result: Result<T>): T {
  if (!result.ok) throw result.error
  return result.value
}
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code)

const minimal = {
  peerId: PEER,
  clientName: 'quiet',
  baseUrl: '',
  version: '',
  commitHash: '',
  bestBlockHash: '',
  bestHeight: 0,
  fsmState: 'IDLE',
  startTime: 0,
  uptime: 0,
  minerName: '',
  listenMode: 'listen_only',
  chainWork: '',
} as const

// ---- arbitraries for valid messages (already in the form our receive rules keep) ----

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')
const DISPLAY = ALNUM.concat(' -_./:;()[]{}!?#$%*+=@^|~,'.split(''))
const display = fc.string({ unit: fc.constantFrom(...DISPLAY), maxLength: 64 })
const hex = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: max })
const hash = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => Buffer.from(b).toString('hex') as Hash)
const url = fc.constantFrom('', 'https://teranode.example.com', 'http://203.0.113.9:8090/api/v1?a=1&b=<2>')
const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })
const uint64 = fc.bigInt({ min: 0n, max: UINT64_MAX })
const float = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 0.1, 1e-7, 1e21, 12345.678, 5e-324, Number.MAX_VALUE),
)
const feePolicy: fc.Arbitrary<FeePolicy> = fc.record({
  miningFee: fc.record({ satoshis: uint64, bytes: uint64 }),
  maxScriptSizePolicy: uint64,
  maxTxSizePolicy: uint64,
  maxTxSigopsCountsPolicy: uint64,
})

const statusArb: fc.Arbitrary<NodeStatusMessage> = fc.record(
  {
    peerId: fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: FIELD_LIMITS.peerIdChars }),
    clientName: display,
    baseUrl: url,
    propagationUrl: url,
    version: display,
    commitHash: display,
    bestBlockHash: fc.oneof(fc.constant('' as const), hash),
    bestHeight: fc.integer({ min: 0, max: UINT32_MAX }),
    txCount: uint64,
    subtreeCount: fc.integer({ min: 0, max: UINT32_MAX }),
    fsmState: display,
    startTime: safeInt,
    uptime: float,
    minerName: display,
    listenMode: fc.constantFrom('' as const, ...LISTEN_MODES),
    chainWork: hex(64),
    syncPeerId: display,
    syncPeerHeight: fc.integer({ min: 0, max: UINT32_MAX }),
    syncPeerBlockHash: hex(64),
    syncConnectedAt: safeInt,
    minMiningTxFee: float,
    feePolicy,
    connectedPeersCount: safeInt,
    legacyConnectedPeersCount: safeInt,
    storage: fc.constantFrom('' as const, ...STORAGE_MODES),
  },
  { requiredKeys: requiredKeys() },
)

function requiredKeys(): Array<keyof NodeStatusMessage> {
  const optional = new Set(['minMiningTxFee', 'feePolicy'])
  return (Object.keys(minimal) as Array<keyof NodeStatusMessage>)
    .concat([
      'propagationUrl',
      'txCount',
      'subtreeCount',
      'syncPeerId',
      'syncPeerHeight',
      'syncPeerBlockHash',
    ])
    .concat(['syncConnectedAt', 'connectedPeersCount', 'legacyConnectedPeersCount', 'storage'])
    .filter((key) => !optional.has(key))
}

describe('node_status codec', () => {
  it('writes the Go struct: tag names in order, type always node_status, omitempty members left out', () => {
    const message = value(codec.create(minimal))
    expect(codec.encode(message)).toBe(
      `{"peer_id":"${PEER}","client_name":"quiet","type":"node_status","base_url":"","version":"",` +
        `"commit_hash":"","best_block_hash":"","best_height":0,"fsm_state":"IDLE","start_time":0,"uptime":0,` +
        `"miner_name":"","listen_mode":"listen_only","chain_work":""}`,
    )
  })

  it('writes a pointer to zero but leaves out a nil pointer, and nests the fee policy', () => {
    const policy = { miningFee: { satoshis: 500n, bytes: 1000n }, maxScriptSizePolicy: 1n }
    const withFee = value(
      codec.create({
        ...minimal,
        minMiningTxFee: 0,
        feePolicy: { ...policy, maxTxSizePolicy: 2n, maxTxSigopsCountsPolicy: UINT64_MAX },
      }),
    )
    expect(codec.encode(withFee)).toContain(
      '"min_mining_tx_fee":0,"fee_policy":{"miningFee":{"satoshis":500,"bytes":1000},' +
        '"maxscriptsizepolicy":1,"maxtxsizepolicy":2,"maxtxsigopscountspolicy":18446744073709551615}}',
    )
    expect(codec.encode(value(codec.create(minimal)))).not.toContain('min_mining_tx_fee')
  })

  it('writes float64 as Go does', () => {
    expect([0.1, 1e-7, 1e-6, 12345.678, 1e20, 1e21, -0, 5e-324].map(goFloat)).toEqual([
      '0.1',
      '1e-7',
      '0.000001',
      '12345.678',
      '100000000000000000000',
      '1e+21',
      '-0',
      '5e-324',
    ])
    expect(() => goFloat(Number.NaN)).toThrow(RangeError)
  })

  it('bounds display text, hex and enums the way the reference does, instead of refusing', () => {
    const decoded = value(
      codec.decode(
        JSON.stringify({
          peer_id: PEER,
          client_name: '<script>"x"</script> ünï',
          version: 'v'.repeat(100),
          best_block_hash: HASH.toUpperCase(),
          chain_work: 'xyz',
          listen_mode: 'loud',
          storage: 'huge',
          type: 'anything',
        }),
      ),
    )
    expect(decoded).toMatchObject({
      clientName: 'scriptx/script n',
      version: 'v'.repeat(64),
      bestBlockHash: HASH,
      chainWork: '',
      listenMode: '',
      storage: '',
    })
  })

  it('refuses a bad peer id or base URL, and Go type errors', () => {
    const with_ = (extra: Record<string, unknown>) =>
      codec.decode(JSON.stringify({ peer_id: PEER, ...extra }))
    expect(codeOf(codec.decode('{"peer_id":""}'))).toBe('invalid_field')
    expect(codeOf(with_({ peer_id: 'a/b' }))).toBe('invalid_field')
    expect(codeOf(with_({ base_url: 'ftp://x.example' }))).toBe('invalid_field')
    expect(codeOf(with_({ propagation_url: 'x'.repeat(2049) }))).toBe('invalid_field')
    expect(codeOf(with_({ best_height: -1 }))).toBe('invalid_field')
    expect(codeOf(with_({ start_time: 2 ** 60 }))).toBe('invalid_field')
    expect(codeOf(with_({ fee_policy: 'free' }))).toBe('invalid_field')
    expect(codeOf(codec.decode(`{"peer_id":"${PEER}","uptime":1e400}`))).toBe('invalid_field')
  })

  it('refuses anything over 64 KiB before parsing', () => {
    expect(codeOf(codec.decode(new Uint8Array(MAX_PAYLOAD_BYTES.nodeStatus + 1)))).toBe('payload_too_large')
  })

  it('returns frozen messages, fee policy included', () => {
    const message = value(codec.create({ ...minimal, feePolicy: undefined }))
    expect(Object.isFrozen(message)).toBe(true)
    const withPolicy = value(codec.decode(`{"peer_id":"${PEER}","fee_policy":{"miningFee":{"satoshis":1}}}`))
    expect(Object.isFrozen(withPolicy.feePolicy)).toBe(true)
    expect(Object.isFrozen(withPolicy.feePolicy?.miningFee)).toBe(true)
  })

  it('decode(encode(x)) equals x, and encoding is stable', () => {
    fc.assert(
      fc.property(statusArb, (message) => {
        const text = codec.encode(message)
        const back = value(codec.decode(text))
        expect(back).toEqual(message)
        expect(codec.encode(back)).toBe(text)
        expect(/[<>&]/.test(text)).toBe(false)
      }),
      { numRuns: 1000 },
    )
  })

  it('never throws on arbitrary bytes, JSON or member values', () => {
    const memberValue = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('1e400', '-0', '1.0', '18446744073709551616', '-9223372036854775809', '[]', '{}'),
    )
    const keys = fc.constantFrom(
      'peer_id',
      'PEER_ID',
      'uptime',
      'fee_policy',
      'min_mining_tx_fee',
      'type',
      'x',
    )
    const objects = fc
      .array(fc.tuple(keys, memberValue), { maxLength: 10 })
      .map(
        (members) =>
          `{${members.map(([k, v]) => `"${k}":${typeof v === 'string' ? v : JSON.stringify(v)}`)}}`,
      )
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.json(), objects)
    fc.assert(
      fc.property(inputs, (input) => {
        const result = codec.decode(input)
        if (result.ok) expect(value(codec.decode(codec.encode(result.value)))).toEqual(result.value)
        else expect(ERROR_CODES).toContain(result.error.code)
      }),
    )
  })
})
