import type { Hash, NodeStatusMessage } from '@p2p/domain'
import { aNodeStatusMessage, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import type { KnownNodeStatus } from '../src/index.js'
import { startFace } from './face-harness.js'

const HASH = '000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054f1' as Hash
const PEER = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const T = Date.UTC(2026, 10, 24, 6, 30, 5, 123)

// The mother's fixed fields (client name, version, commit, RUNNING, full) and pinned values for
// the ones it draws at random, so the frame below is exact.
const OURS: NodeStatusMessage = aNodeStatusMessage({
  peerId: PEER,
  baseUrl: 'http://node-a.example:8090/api/v1',
  bestBlockHash: HASH,
  bestHeight: 0,
  startTime: 1_764_000_000,
  uptime: 12.5,
  connectedPeersCount: 3,
  storage: 'full',
})

// The timestamp, then the node_status payload's own members: Go order, omitempty, and a
// best_height written even at 0.
const OURS_FRAME =
  '{"timestamp":"2026-11-24T06:30:05Z","peer_id":"12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo",' +
  '"client_name":"teranode-p2p-ts","type":"node_status","base_url":"http://node-a.example:8090/api/v1",' +
  `"version":"0.1.0","commit_hash":"abc1234","best_block_hash":"${HASH}","best_height":0,` +
  '"fsm_state":"RUNNING","start_time":1764000000,"uptime":12.5,"miner_name":"","listen_mode":"full",' +
  '"chain_work":"","connected_peers_count":3,"storage":"full"}'

describe('node statuses on the websocket', () => {
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    stop = undefined
  })

  async function faceKnowing(known: () => readonly KnownNodeStatus[]) {
    const h = await startFace({}, undefined, undefined, known)
    stop = h.stop
    return h
  }

  it('sends a new client every known status, ours included, before any live notification', async () => {
    const other = aNodeStatusMessage()
    const h = await faceKnowing(() => [
      { status: OURS, receivedMs: T },
      { status: other, receivedMs: T + 1_000 },
    ])
    for (const path of ['/p2p-ws', '/ws']) {
      const client = await h.connect(path)
      h.face.sink.notify({ type: 'subtree', hash: HASH, baseUrl: '', peerId: PEER })
      await waitFor(() => client.messages.length === 3, { what: `three frames on ${path}` })
      expect(client.messages[0]).toBe(OURS_FRAME)
      expect(JSON.parse(client.messages[1] ?? '{}')).toMatchObject({
        timestamp: '2026-11-24T06:30:06Z',
        type: 'node_status',
        peer_id: other.peerId,
        best_height: other.bestHeight,
      })
      expect(JSON.parse(client.messages[2] ?? '{}')).toMatchObject({ type: 'subtree' })
      client.socket.close()
      await h.untilClients(0)
    }
    expect(h.metrics.count('notificationBroadcast', { type: 'node_status', clients: 1 })).toBe(4)
  })

  it('asks the source again for each client, so a later client sees later statuses', async () => {
    let known: KnownNodeStatus[] = [{ status: OURS, receivedMs: T }]
    const h = await faceKnowing(() => known)
    const first = await h.connect('/p2p-ws')
    await waitFor(() => first.messages.length === 1, { what: 'the first client told of ours' })
    const newcomer = aNodeStatusMessage()
    known = [...known, { status: newcomer, receivedMs: T }]
    const second = await h.connect('/p2p-ws')
    await waitFor(() => second.messages.length === 2, { what: 'the second client told of both' })
    expect(second.messages.map((m) => (JSON.parse(m) as { peer_id: string }).peer_id)).toEqual([
      PEER,
      newcomer.peerId,
    ])
    expect(first.messages).toHaveLength(1)
  })

  it("keeps to the client's type filter, for known and live statuses alike", async () => {
    const h = await faceKnowing(() => [{ status: OURS, receivedMs: T }])
    const blocksOnly = await h.connect('/p2p-ws?types=block')
    const statusesOnly = await h.connect('/p2p-ws?types=node_status')
    await h.untilClients(2)
    const live = aNodeStatusMessage()
    h.face.sink.notify({ type: 'node_status', timestampMs: T, status: live })
    h.face.sink.notify({ type: 'block', hash: HASH, baseUrl: '', peerId: PEER, height: 7 })
    await waitFor(() => blocksOnly.messages.length === 1 && statusesOnly.messages.length === 2, {
      what: 'each client its own types',
    })
    expect(JSON.parse(blocksOnly.messages[0] ?? '{}')).toMatchObject({ type: 'block', height: 7 })
    expect(statusesOnly.messages[0]).toBe(OURS_FRAME)
    expect(JSON.parse(statusesOnly.messages[1] ?? '{}')).toMatchObject({
      type: 'node_status',
      peer_id: live.peerId,
    })
  })

  it('cuts a listing too large for the send bound, and counts the rest as skipped', async () => {
    // ~4 KiB a frame; 20,000 of them pass what loopback kernel buffers take while we write.
    const url = `http://node-a.example/${'x'.repeat(2_000)}`
    const big = { status: { ...OURS, baseUrl: url, propagationUrl: url }, receivedMs: T }
    const known = Array.from({ length: 20_000 }, () => big)
    const h = await startFace(
      { websocket: { maxBufferedBytes: 16 * 1024 } },
      undefined,
      undefined,
      () => known,
    )
    stop = h.stop
    const client = await h.connect('/p2p-ws')
    await waitFor(() => h.metrics.count('notificationsSkipped', { type: 'node_status' }) === 1, {
      what: 'the listing cut',
    })
    const sent = h.metrics.count('notificationBroadcast', { type: 'node_status' })
    expect(sent).toBeLessThan(known.length)
    expect(h.metrics.sum('notificationsSkipped', 'count')).toBe(known.length - sent)
    await waitFor(() => client.messages.length === sent, { what: 'what was sent to arrive' })
  })
})
