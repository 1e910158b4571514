import { describe, expect, it } from 'vitest'
import type { Hash } from '../hash/hash.js'
import { bestBlockMessageCodec } from '../messages/best-block-message.js'
import { blockMessageCodec } from '../messages/block-message.js'
import { miningOnMessageCodec } from '../messages/mining-on-message.js'
import { MAX_DIRECT_MESSAGE_BYTES, MAX_PAYLOAD_BYTES } from '../messages/payload-limits.js'
import { rejectedTxMessageCodec } from '../messages/rejected-tx-message.js'
import { subtreeMessageCodec } from '../messages/subtree-message.js'
import { TOPIC_KINDS } from '../topics/topic-kind.js'
import { SPEC2024_CODECS, SPEC2024_KINDS, spec2024WireFormat as wire } from './spec2024-wire-format.js'

const HASH = 'ab'.repeat(32) as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'

describe('the spec2024 wire format', () => {
  it('carries the five spec topics, each with its codec, and no node status', () => {
    expect(SPEC2024_CODECS).toEqual({
      bestBlock: bestBlockMessageCodec,
      block: blockMessageCodec,
      subtree: subtreeMessageCodec,
      miningOn: miningOnMessageCodec,
      rejectedTx: rejectedTxMessageCodec,
    })
    expect(wire.kinds).toEqual(SPEC2024_KINDS)
    expect(TOPIC_KINDS.filter((kind) => wire.carries(kind))).toEqual([...SPEC2024_KINDS])
    expect(wire.carries('nodeStatus')).toBe(false)
  })

  it('caps every payload before parsing, per topic', () => {
    expect(MAX_PAYLOAD_BYTES).toMatchObject({
      bestBlock: 1024,
      block: 32 * 1024,
      subtree: 32 * 1024,
      miningOn: 32 * 1024,
      rejectedTx: 16 * 1024,
    })
    for (const kind of SPEC2024_KINDS) expect(SPEC2024_CODECS[kind].maxBytes).toBe(MAX_PAYLOAD_BYTES[kind])
    expect(MAX_DIRECT_MESSAGE_BYTES).toBe(32 * 1024)
  })

  it('writes the raw JSON bytes and reads them back, tagged with the kind', () => {
    const message = { hash: HASH, height: 9, dataHubUrl: 'https://a.example/', peerId: PEER }
    const bytes = wire.encode('block', message)
    expect(new TextDecoder().decode(bytes)).toBe(blockMessageCodec.encode(message))
    expect(wire.decode('block', bytes)).toEqual({ ok: true, value: { kind: 'block', message } })
  })

  it('leaves off the fields only a later profile carries', () => {
    const created = wire.create('block', {
      hash: HASH,
      height: 9,
      dataHubUrl: '',
      peerId: PEER,
      clientName: 'x',
      header: '00'.repeat(80),
    })
    expect(created.ok).toBe(false)
    const plain = wire.create('subtree', { hash: HASH, dataHubUrl: '', peerId: PEER })
    if (!plain.ok) throw plain.error
    expect(new TextDecoder().decode(wire.encode('subtree', plain.value))).toBe(
      `{"Hash":"${HASH}","DataHubUrl":"","PeerId":"${PEER}"}`,
    )
  })

  it('decodes with the codec of the topic the payload arrived on', () => {
    const bytes = wire.encode('bestBlock', { peerId: PEER })
    expect(wire.decode('bestBlock', bytes)).toEqual({
      ok: true,
      value: { kind: 'bestBlock', message: { peerId: PEER } },
    })
    const wrongTopic = wire.decode('block', bytes)
    expect(wrongTopic.ok).toBe(false)
    if (!wrongTopic.ok) expect(wrongTopic.error.code).toBe('invalid_field')
  })

  it('reports errors instead of throwing, a kind it does not carry as not_carried', () => {
    for (const kind of SPEC2024_KINDS) {
      const result = wire.decode(kind, Uint8Array.from([0xff]))
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('invalid_utf8')
    }
    const status = wire.decode('nodeStatus', new TextEncoder().encode('{}'))
    expect(status.ok ? 'ok' : status.error.code).toBe('not_carried')
    const made = wire.create('nodeStatus', {})
    expect(made.ok ? 'ok' : made.error.code).toBe('not_carried')
    expect(() => wire.encode('nodeStatus', {} as never)).toThrow(
      expect.objectContaining({ code: 'not_carried' }),
    )
  })
})
