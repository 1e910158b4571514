import { describe, expect, it } from 'vitest'
import type { Hash } from '../hash/hash.js'
import { TOPIC_KINDS } from '../topics/topic-kind.js'
import { bestBlockMessageCodec } from './best-block-message.js'
import { blockMessageCodec } from './block-message.js'
import { miningOnMessageCodec } from './mining-on-message.js'
import { MAX_DIRECT_MESSAGE_BYTES, MAX_PAYLOAD_BYTES } from './payload-limits.js'
import { rejectedTxMessageCodec } from './rejected-tx-message.js'
import { subtreeMessageCodec } from './subtree-message.js'
import { decodeTopicMessage, encodeTopicMessage, TOPIC_CODECS } from './topic-messages.js'

const HASH = 'ab'.repeat(32) as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'

describe('topic codecs', () => {
  it('pairs each topic kind with its codec', () => {
    expect(TOPIC_CODECS).toEqual({
      bestBlock: bestBlockMessageCodec,
      block: blockMessageCodec,
      subtree: subtreeMessageCodec,
      miningOn: miningOnMessageCodec,
      rejectedTx: rejectedTxMessageCodec,
    })
    expect(Object.keys(TOPIC_CODECS).sort()).toEqual([...TOPIC_KINDS].sort())
  })

  it('caps every payload before parsing, per topic', () => {
    expect(MAX_PAYLOAD_BYTES).toEqual({
      bestBlock: 1024,
      block: 32 * 1024,
      subtree: 32 * 1024,
      miningOn: 32 * 1024,
      rejectedTx: 16 * 1024,
    })
    for (const kind of TOPIC_KINDS) expect(TOPIC_CODECS[kind].maxBytes).toBe(MAX_PAYLOAD_BYTES[kind])
    expect(MAX_DIRECT_MESSAGE_BYTES).toBe(32 * 1024)
  })

  it('encodes to UTF-8 bytes and decodes them back, tagged with the kind', () => {
    const message = { hash: HASH, height: 9, dataHubUrl: 'https://a.example/', peerId: PEER }
    const bytes = encodeTopicMessage('block', message)
    expect(new TextDecoder().decode(bytes)).toBe(blockMessageCodec.encode(message))
    expect(decodeTopicMessage('block', bytes)).toEqual({ ok: true, value: { kind: 'block', message } })
  })

  it('decodes with the codec of the topic the payload arrived on', () => {
    const bytes = encodeTopicMessage('bestBlock', { peerId: PEER })
    expect(decodeTopicMessage('bestBlock', bytes)).toEqual({
      ok: true,
      value: { kind: 'bestBlock', message: { peerId: PEER } },
    })
    const wrongTopic = decodeTopicMessage('block', bytes)
    expect(wrongTopic.ok).toBe(false)
    if (!wrongTopic.ok) expect(wrongTopic.error.code).toBe('invalid_field')
  })

  it('reports errors instead of throwing', () => {
    for (const kind of TOPIC_KINDS) {
      const result = decodeTopicMessage(kind, Uint8Array.from([0xff]))
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('invalid_utf8')
    }
  })
})
