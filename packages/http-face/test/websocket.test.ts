import { connect as tcpConnect } from 'node:net'
import type { Hash, Notification } from '@p2p/domain'
import { FakeClock, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { startFace } from './face-harness.js'

const HASH = '000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054f1' as Hash
const PREV = '00000000000000000bd3a8f8f4e6a9f6f1e0c1a2b3c4d5e6f708192a3b4c5d6e' as Hash
const PEER = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const URL = 'http://node-a.example:8090/api/v1'
const T = Date.UTC(2026, 10, 24, 6, 30, 5, 123)

// Golden text per type: keys, order and omissions of the reference's websocket model.
const GOLDEN: ReadonlyArray<readonly [Notification, string]> = [
  [
    { type: 'block', timestampMs: T, hash: HASH, baseUrl: URL, peerId: PEER, height: 812345 },
    `{"timestamp":"2026-11-24T06:30:05Z","type":"block","hash":"${HASH}","base_url":"${URL}","peer_id":"${PEER}","height":812345}`,
  ],
  [
    { type: 'subtree', timestampMs: T, hash: HASH, baseUrl: URL, peerId: PEER },
    `{"timestamp":"2026-11-24T06:30:05Z","type":"subtree","hash":"${HASH}","base_url":"${URL}","peer_id":"${PEER}"}`,
  ],
  [
    {
      type: 'mining_on',
      timestampMs: T,
      hash: HASH,
      baseUrl: URL,
      peerId: PEER,
      previousHash: PREV,
      height: 812346,
      miner: '/taal.com/',
      sizeInBytes: 18446744073709551615n,
      txCount: 9007199254740993n,
    },
    `{"timestamp":"2026-11-24T06:30:05Z","type":"mining_on","hash":"${HASH}","base_url":"${URL}","peer_id":"${PEER}","previousblockhash":"${PREV}","tx_count":9007199254740993,"height":812346,"size_in_bytes":18446744073709551615,"miner":"/taal.com/"}`,
  ],
  [
    { type: 'rejected_tx', timestampMs: T, hash: HASH, peerId: PEER, reason: 'missing inputs' },
    `{"timestamp":"2026-11-24T06:30:05Z","type":"rejected_tx","hash":"${HASH}","peer_id":"${PEER}","reason":"missing inputs"}`,
  ],
  [{ type: 'PING', timestampMs: T }, '{"timestamp":"2026-11-24T06:30:05Z","type":"PING"}'],
  [{ type: 'subtree', hash: HASH, baseUrl: '', peerId: '' }, `{"type":"subtree","hash":"${HASH}"}`],
]

describe('websocket notifications', () => {
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    stop = undefined
  })

  it('sends the exact JSON text of every type, on /ws and on /p2p-ws', async () => {
    const h = await startFace()
    stop = h.stop
    const a = await h.connect('/ws')
    const b = await h.connect('/p2p-ws')
    await h.untilClients(2)
    for (const [notification] of GOLDEN) h.face.sink.notify(notification)
    await waitFor(() => a.messages.length === GOLDEN.length && b.messages.length === GOLDEN.length)
    expect(a.messages).toEqual(GOLDEN.map(([, text]) => text))
    expect(b.messages).toEqual(a.messages)
  })

  it('delivers N notifications in order to each of 100 clients', async () => {
    const h = await startFace()
    stop = h.stop
    const clients = await Promise.all(Array.from({ length: 100 }, () => h.connect()))
    await h.untilClients(100)
    const N = 200
    for (let height = 1; height <= N; height++) {
      h.face.sink.notify({ type: 'block', hash: HASH, baseUrl: URL, peerId: PEER, height })
    }
    await waitFor(() => clients.every((c) => c.messages.length === N), {
      timeoutMs: 15_000,
      what: 'every client to get all',
    })
    const expected = Array.from({ length: N }, (_, i) => i + 1)
    for (const client of clients)
      expect(client.messages.map((m) => (JSON.parse(m) as { height: number }).height)).toEqual(expected)
    expect(h.metrics.count('notificationBroadcast', { type: 'block', clients: 100 })).toBe(N)
  })

  it('evicts a client that never reads, while the other 99 get every notification meanwhile', async () => {
    const h = await startFace({ websocket: { maxBufferedBytes: 64 * 1024 } })
    stop = h.stop
    // The readers take blocks only, so the flood below (subtrees) fills the stalled client alone.
    const readers = await Promise.all(Array.from({ length: 99 }, () => h.connect('/ws?types=block')))
    // A client that completes the handshake and then never reads another byte.
    const stalled = tcpConnect(h.port, '127.0.0.1')
    stalled.on('error', () => {})
    stalled.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n\r\n`,
    )
    stalled.once('data', () => stalled.pause())
    await h.untilClients(100)
    const bigUrl = `${URL}/${'x'.repeat(4_000)}`
    let height = 0
    // Kernel buffers take several MB before anything queues in the process; flood until it does.
    await waitFor(
      () => {
        for (let i = 0; i < 200; i++)
          h.face.sink.notify({ type: 'subtree', hash: HASH, baseUrl: bigUrl, peerId: PEER })
        height++
        h.face.sink.notify({ type: 'block', hash: HASH, baseUrl: URL, peerId: PEER, height })
        return h.metrics.count('clientClosed', { reason: 'slow' }) === 1 || undefined
      },
      { timeoutMs: 20_000, intervalMs: 2, what: 'the stalled client to be evicted as slow' },
    )
    stalled.destroy()
    await waitFor(() => readers.every((r) => r.messages.length === height), {
      what: 'the readers to get every block',
    })
    for (const reader of readers) {
      expect(reader.messages.map((m) => (JSON.parse(m) as { height: number }).height)).toEqual(
        Array.from({ length: height }, (_, i) => i + 1),
      )
    }
    expect(h.face.websocketClients).toBe(99)
    expect(h.metrics.sum('notificationsSkipped', 'count')).toBeGreaterThanOrEqual(1)
  })

  it('closes a client that sends garbage or an oversized frame, and keeps serving the others', async () => {
    const h = await startFace({ websocket: { maxPayloadBytes: 256 } })
    stop = h.stop
    const good = await h.connect()
    const garbage = await h.connect()
    const oversized = await h.connect()
    await h.untilClients(3)
    const closed = (socket: typeof garbage.socket) =>
      new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
    const garbageClosed = closed(garbage.socket)
    const oversizedClosed = closed(oversized.socket)
    garbage.socket.send('{"not":"a filter"')
    oversized.socket.send('x'.repeat(10_000))
    expect(await garbageClosed).toBe(1008)
    expect(await oversizedClosed).toBe(1009)
    await h.untilClients(1)
    h.face.sink.notify({ type: 'subtree', hash: HASH, baseUrl: URL, peerId: PEER })
    await waitFor(() => good.messages.length === 1)
    expect(h.metrics.count('clientClosed', { reason: 'bad_frame' })).toBe(2)
  })

  it('lets a client choose types, by URL or by a filter frame', async () => {
    const h = await startFace()
    stop = h.stop
    const blocksOnly = await h.connect('/ws?types=block')
    const switching = await h.connect()
    await h.untilClients(2)
    switching.socket.send(JSON.stringify({ types: ['subtree'] }))
    // Frames are handled in order: once our ping is answered, the filter frame has been applied.
    await new Promise<void>((resolve) => {
      switching.socket.once('pong', () => resolve())
      switching.socket.ping()
    })
    h.face.sink.notify({ type: 'block', hash: HASH, baseUrl: URL, peerId: PEER, height: 1 })
    h.face.sink.notify({ type: 'subtree', hash: HASH, baseUrl: URL, peerId: PEER })
    await waitFor(() => blocksOnly.messages.length === 1 && switching.messages.length === 1)
    expect(JSON.parse(blocksOnly.messages[0] ?? '{}')).toMatchObject({ type: 'block' })
    expect(JSON.parse(switching.messages[0] ?? '{}')).toMatchObject({ type: 'subtree' })
    const unknown = await h.connect('/ws?types=blocks').catch((error: unknown) => error)
    expect(unknown).toBeInstanceOf(Error)
  })

  it('sends PING every 10 s of the clock while clients are connected', async () => {
    const clock = new FakeClock()
    const h = await startFace({}, clock)
    stop = h.stop
    clock.advance(10_000)
    const client = await h.connect()
    await h.untilClients(1)
    expect(client.messages).toEqual([])
    clock.advance(9_999)
    clock.advance(1)
    await waitFor(() => client.messages.length === 1)
    clock.advance(10_000)
    await waitFor(() => client.messages.length === 2)
    expect(client.messages.map((m) => (JSON.parse(m) as { type: string }).type)).toEqual(['PING', 'PING'])
    expect(h.metrics.count('notificationBroadcast', { type: 'PING' })).toBe(2)
  })

  it('refuses connections beyond the cap and from origins off the allow-list', async () => {
    const h = await startFace({ websocket: { maxClients: 1, allowedOrigins: ['https://ops.example'] } })
    stop = h.stop
    const { WebSocket } = await import('ws')
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${h.port}/ws`, { origin })
        socket.on('open', () => resolve('open'))
        socket.on('unexpected-response', (_request, response) => resolve(String(response.statusCode)))
        socket.on('error', () => resolve('error'))
      })
    expect(await open('https://evil.example')).toBe('403')
    expect(await open('https://ops.example')).toBe('open')
    expect(await open('https://ops.example')).toBe('503')
    expect(h.metrics.count('clientClosed', { reason: 'origin_refused' })).toBe(1)
    expect(h.metrics.count('clientClosed', { reason: 'over_capacity' })).toBe(1)
  })

  it('evicts a client that stops answering websocket pings, on the heartbeat clock', async () => {
    const clock = new FakeClock()
    const h = await startFace({ websocket: { heartbeatIntervalMs: 30_000 } }, clock)
    stop = h.stop
    const healthy = await h.connect()
    const silent = tcpConnect(h.port, '127.0.0.1')
    silent.on('error', () => {})
    silent.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from('fedcba9876543210').toString('base64')}\r\n\r\n`,
    )
    await h.untilClients(2)
    clock.advance(30_000)
    // The healthy client answers the server's ping. Two round trips of our own make sure the
    // server has read that answer: the second ping leaves after it, and frames stay in order.
    for (let round = 0; round < 2; round++) {
      await new Promise<void>((resolve) => {
        healthy.socket.once('pong', () => resolve())
        healthy.socket.ping()
      })
    }
    clock.advance(30_000)
    await h.untilClients(1)
    expect(h.metrics.count('clientClosed', { reason: 'unresponsive' })).toBe(1)
    silent.destroy()
  })
})
