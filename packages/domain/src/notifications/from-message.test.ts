import { describe, expect, it } from 'vitest'
import type { Hash } from '../hash/hash.js'
import { TOPIC_KINDS } from '../topics/topic-kind.js'
import { isNotifiableKind, notificationFromMessage } from './from-message.js'
import { encodeNotification } from './notification-codec.js'

const HASH = '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048' as Hash
const PREVIOUS = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'
const DATA_HUB = 'http://localhost:8090/api/v1'
const NOW = 1_700_000_000_123

describe('notificationFromMessage', () => {
  it('notifies every kind except best-block requests', () => {
    expect(TOPIC_KINDS.filter(isNotifiableKind)).toEqual(['block', 'subtree', 'miningOn', 'rejectedTx'])
    expect(isNotifiableKind('bestBlock')).toBe(false)
  })

  it('maps a block message, the data hub URL becoming base_url', () => {
    const n = notificationFromMessage(
      'block',
      { hash: HASH, height: 5, dataHubUrl: DATA_HUB, peerId: PEER },
      NOW,
    )
    expect(n).toEqual({
      type: 'block',
      timestampMs: NOW,
      hash: HASH,
      baseUrl: DATA_HUB,
      peerId: PEER,
      height: 5,
    })
  })

  it('maps a subtree message', () => {
    const n = notificationFromMessage('subtree', { hash: HASH, dataHubUrl: DATA_HUB, peerId: PEER }, NOW)
    expect(n).toEqual({ type: 'subtree', timestampMs: NOW, hash: HASH, baseUrl: DATA_HUB, peerId: PEER })
  })

  it('maps a mining-on message with all its block facts', () => {
    const message = {
      hash: HASH,
      previousHash: PREVIOUS,
      dataHubUrl: DATA_HUB,
      peerId: PEER,
      height: 1,
      miner: 'm',
      sizeInBytes: 215n,
      txCount: 1n,
    }
    expect(notificationFromMessage('miningOn', message, NOW)).toEqual({
      type: 'mining_on',
      timestampMs: NOW,
      hash: HASH,
      baseUrl: DATA_HUB,
      peerId: PEER,
      previousHash: PREVIOUS,
      height: 1,
      miner: 'm',
      sizeInBytes: 215n,
      txCount: 1n,
    })
  })

  it('maps a rejected transaction: type rejected_tx, hash = tx id, with the reason', () => {
    const n = notificationFromMessage('rejectedTx', { txId: HASH, reason: 'double spend', peerId: PEER }, NOW)
    expect(n).toEqual({
      type: 'rejected_tx',
      timestampMs: NOW,
      hash: HASH,
      peerId: PEER,
      reason: 'double spend',
    })
    expect(encodeNotification(n)).toBe(
      `{"timestamp":"2023-11-14T22:13:20Z","type":"rejected_tx","hash":"${HASH}","peer_id":"${PEER}","reason":"double spend"}`,
    )
  })

  it('produces the frame a best-block reply turns into, without peer_id', () => {
    const n = notificationFromMessage(
      'block',
      { hash: HASH, height: 5, dataHubUrl: DATA_HUB, peerId: '' },
      NOW,
    )
    expect(encodeNotification(n)).toBe(
      `{"timestamp":"2023-11-14T22:13:20Z","type":"block","hash":"${HASH}","base_url":"${DATA_HUB}","height":5}`,
    )
  })
})
