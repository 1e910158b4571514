import { describe, expect, it } from 'vitest'
import { unwrap } from '../errors/result.js'
import type { Hash } from '../hash/hash.js'
import { type NodeStatusMessage, nodeStatusMessageCodec } from '../messages/node-status-message.js'
import type { NodeStatusNotification } from './notification.js'
import { decodeNotification, encodeNotification } from './notification-codec.js'
import { notificationSchema } from './notification-schema.js'

const HASH = '00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048' as Hash
const PEER = '12D3KooWJbXqGqAjyVaLf2sWtqHZK9EcKqMtvn8xWwHBw9nmvAcB'
const T_MS = 1_700_000_000_123
const T = '2023-11-14T22:13:20Z'

const STATUS: NodeStatusMessage = unwrap(
  nodeStatusMessageCodec.create({
    peerId: PEER,
    clientName: 'teranode',
    baseUrl: 'http://localhost:8090/api/v1',
    propagationUrl: 'http://localhost:8833',
    version: 'v0.12.1',
    commitHash: 'deadbeef',
    bestBlockHash: HASH,
    bestHeight: 0,
    txCount: 12n,
    subtreeCount: 0,
    fsmState: 'RUNNING',
    startTime: 1_699_999_000,
    uptime: 1000.5,
    minerName: '/taal.com/',
    listenMode: 'full',
    chainWork: '00ff',
    syncPeerId: '',
    syncPeerHeight: 0,
    syncPeerBlockHash: '',
    syncConnectedAt: 0,
    minMiningTxFee: 0,
    connectedPeersCount: 8,
    legacyConnectedPeersCount: 0,
    storage: '',
  }),
)

describe('node_status notifications', () => {
  it('write the timestamp, then the gossip payload member for member', () => {
    const frame = encodeNotification({ type: 'node_status', timestampMs: T_MS, status: STATUS })
    expect(frame).toBe(`{"timestamp":"${T}",${nodeStatusMessageCodec.encode(STATUS).slice(1)}`)
    expect(frame).toBe(
      `{"timestamp":"${T}","peer_id":"${PEER}","client_name":"teranode","type":"node_status",` +
        '"base_url":"http://localhost:8090/api/v1","propagation_url":"http://localhost:8833",' +
        `"version":"v0.12.1","commit_hash":"deadbeef","best_block_hash":"${HASH}","best_height":0,` +
        '"tx_count":12,"fsm_state":"RUNNING","start_time":1699999000,"uptime":1000.5,' +
        '"miner_name":"/taal.com/","listen_mode":"full","chain_work":"00ff","min_mining_tx_fee":0,' +
        '"connected_peers_count":8}',
    )
  })

  it('leave the timestamp out when there is none, as the other types do', () => {
    const frame = encodeNotification({ type: 'node_status', status: STATUS })
    expect(frame).toBe(nodeStatusMessageCodec.encode(STATUS))
  })

  it('read back to the same status, the timestamp cut to the second', () => {
    const sent: NodeStatusNotification = { type: 'node_status', timestampMs: T_MS, status: STATUS }
    const back = unwrap(decodeNotification(encodeNotification(sent)))
    expect(back).toEqual({ ...sent, timestampMs: Math.floor(T_MS / 1000) * 1000 })
    expect(unwrap(decodeNotification(encodeNotification({ type: 'node_status', status: STATUS })))).toEqual({
      type: 'node_status',
      status: STATUS,
    })
  })

  it('refuse a frame whose status breaks the payload rules', () => {
    const frame = encodeNotification({ type: 'node_status', timestampMs: T_MS, status: STATUS })
    const badPeer = frame.replace(`"peer_id":"${PEER}"`, '"peer_id":""')
    const result = decodeNotification(badPeer)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('invalid_field')
    expect(decodeNotification(frame.replace('"best_height":0', '"best_height":-1')).ok).toBe(false)
  })

  it('are valid for the notification schema, and an unchecked status is checked on encode', () => {
    expect(notificationSchema.safeParse({ type: 'node_status', status: STATUS }).success).toBe(true)
    expect(notificationSchema.safeParse({ type: 'node_status', status: { peerId: PEER } }).success).toBe(
      false,
    )
    expect(() => encodeNotification({ type: 'node_status', status: { ...STATUS, bestHeight: -1 } })).toThrow()
  })
})
