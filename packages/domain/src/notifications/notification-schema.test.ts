import { describe, expect, it } from 'vitest'
import { NOTIFICATION_TYPES } from './notification.js'
import { notificationSchema, notificationSchemas } from './notification-schema.js'

const HASH = 'ab'.repeat(32)

describe('notification schemas', () => {
  it('has one schema per notification type', () => {
    expect(Object.keys(notificationSchemas).sort()).toEqual([...NOTIFICATION_TYPES].sort())
  })

  it('accepts a valid notification of every type and normalises hashes to lower case', () => {
    const valid = [
      { type: 'block', hash: HASH.toUpperCase(), baseUrl: 'http://a.example/api', peerId: 'Qm1', height: 7 },
      { type: 'subtree', hash: HASH, baseUrl: '', peerId: '' },
      {
        type: 'mining_on',
        hash: HASH,
        baseUrl: 'https://b.example',
        peerId: 'x',
        previousHash: '',
        height: 1,
        miner: '/m/',
        sizeInBytes: 1n,
        txCount: 2n,
      },
      {
        type: 'rejected_tx',
        hash: HASH,
        peerId: 'p',
        reason: 'double spend',
        timestampMs: 1_700_000_000_000,
      },
      { type: 'PING' },
    ]
    for (const n of valid) expect(notificationSchema.safeParse(n).success).toBe(true)
    const block = notificationSchema.parse(valid[0])
    expect(block.type === 'block' && block.hash).toBe(HASH)
  })

  it('refuses unknown types, extra keys, bad hashes, non-http URLs and out-of-range numbers', () => {
    const invalid = [
      { type: 'blocks' },
      { type: 'PING', extra: 1 },
      { type: 'subtree', hash: 'xyz', baseUrl: '', peerId: '' },
      { type: 'subtree', hash: HASH, baseUrl: 'ftp://a.example', peerId: '' },
      { type: 'block', hash: HASH, baseUrl: '', peerId: '', height: 2 ** 32 },
      { type: 'block', hash: HASH, baseUrl: '', peerId: 'has space', height: 1 },
    ]
    for (const n of invalid) expect(notificationSchema.safeParse(n).success).toBe(false)
  })
})
