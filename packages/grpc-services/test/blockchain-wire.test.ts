import { create } from '@bufbuild/protobuf'
import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from '@grpc/grpc-js'
import { type ChainEvent, hashFromHex, type Logger, type UpstreamMetrics } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { aHeaderRecord, MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BlockchainAPI,
  type GetBlockHeaderRequest,
  type GetBlockHeaderResponse,
  GetBlockHeaderResponseSchema,
  type Notification,
  NotificationSchema,
  type SubscribeRequest,
} from '../src/gen/blockchain_api/blockchain_api_pb.js'
import { NotificationType } from '../src/gen/model/model_pb.js'
import { GrpcChainNotifier } from '../src/index.js'
import { rawServer } from './raw-server.js'

// Display hex and the same hash in internal (reversed) byte order.
const DISPLAY = '000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054f1'
const INTERNAL = Uint8Array.from(Buffer.from(DISPLAY, 'hex').reverse())

interface Streams {
  current: ServerWritableStream<SubscribeRequest, Notification> | undefined
  sources: string[]
}

function blockchainServer(streams: Streams, lookups: Uint8Array[] = []) {
  const record = aHeaderRecord({ height: 812_345, txCount: 2n ** 60n, miner: '/taal.com/' })
  return {
    record,
    handlers: {
      subscribe(call: ServerWritableStream<SubscribeRequest, Notification>) {
        // Silent until the first notification, headers included, as the reference's service.
        streams.sources.push(call.request.source)
        streams.current = call
      },
      getBestBlockHeader(_call: unknown, done: sendUnaryData<GetBlockHeaderResponse>) {
        done(
          null,
          create(GetBlockHeaderResponseSchema, {
            blockHeader: record.header,
            height: record.info.height,
            txCount: record.info.txCount,
            sizeInBytes: record.info.sizeInBytes,
            miner: record.info.miner,
          }),
        )
      },
      getBlockHeader(
        call: ServerUnaryCall<GetBlockHeaderRequest, GetBlockHeaderResponse>,
        done: sendUnaryData<GetBlockHeaderResponse>,
      ) {
        lookups.push(call.request.blockHash)
        done(
          null,
          create(GetBlockHeaderResponseSchema, {
            blockHeader: record.header,
            height: record.info.height,
            txCount: record.info.txCount,
            sizeInBytes: record.info.sizeInBytes,
            miner: record.info.miner,
          }),
        )
      },
    },
  }
}

const notification = (type: NotificationType, hash: Uint8Array, baseUrl = '') =>
  create(NotificationSchema, { type, hash, baseUrl })

describe('GrpcChainNotifier on the wire', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function connected(streams: Streams, port = 0) {
    const { handlers, record } = blockchainServer(streams)
    const server = await rawServer(BlockchainAPI, handlers, port)
    cleanups.push(server.stop)
    const metrics = new MemoryMetrics()
    const logger = new MemoryLogger()
    const notifier = new GrpcChainNotifier(
      { clock: new SystemClock(), logger: logger as Logger, metrics: metrics as UpstreamMetrics },
      { address: server.address, backoff: { initialMs: 100, maxMs: 400 } },
    )
    const events: ChainEvent[] = []
    notifier.subscribe((event) => events.push(event))
    await notifier.start()
    cleanups.push(() => notifier.stop())
    await waitFor(() => streams.current, { what: 'the subscription' })
    return { server, notifier, events, metrics, logger, record }
  }

  it('subscribes as p2pServer and maps every notification type, reversing the hash bytes', async () => {
    const streams: Streams = { current: undefined, sources: [] }
    const { events } = await connected(streams)
    expect(streams.sources).toEqual(['p2pServer'])
    streams.current?.write(notification(NotificationType.Block, INTERNAL, 'http://a.example/api/v1'))
    streams.current?.write(notification(NotificationType.Subtree, INTERNAL))
    streams.current?.write(notification(NotificationType.MiningOn, INTERNAL, 'http://a.example/api/v1'))
    await waitFor(() => events.length === 3)
    expect(events).toEqual([
      { kind: 'block', hash: DISPLAY, baseUrl: 'http://a.example/api/v1' },
      { kind: 'subtree', hash: DISPLAY },
      { kind: 'miningOn', hash: DISPLAY, baseUrl: 'http://a.example/api/v1' },
    ])
  })

  it('ignores PING, and drops and counts a notification with a malformed hash', async () => {
    const streams: Streams = { current: undefined, sources: [] }
    const { events, metrics, logger } = await connected(streams)
    streams.current?.write(notification(NotificationType.PING, new Uint8Array()))
    streams.current?.write(notification(NotificationType.Block, INTERNAL.subarray(1)))
    streams.current?.write(notification(NotificationType.Block, INTERNAL))
    await waitFor(() => events.length === 1)
    expect(events[0]).toEqual({ kind: 'block', hash: DISPLAY })
    expect(
      metrics.count('upstreamCall', { service: 'blockchain', method: 'Subscribe', outcome: 'invalid_hash' }),
    ).toBe(1)
    expect(logger.find('warn', 'dropped a malformed notification from a node service')).toBeDefined()
  })

  it('asks for headers with internal-order bytes and takes hash and previous hash from the header', async () => {
    const streams: Streams = { current: undefined, sources: [] }
    const lookups: Uint8Array[] = []
    const { handlers, record } = blockchainServer(streams, lookups)
    const server = await rawServer(BlockchainAPI, handlers)
    cleanups.push(server.stop)
    const notifier = new GrpcChainNotifier(
      { clock: new SystemClock(), logger: new MemoryLogger(), metrics: new MemoryMetrics() },
      { address: server.address },
    )
    await notifier.start()
    cleanups.push(() => notifier.stop())
    expect(await notifier.bestBlockHeader()).toEqual(record.info)
    expect(await notifier.blockHeader(record.info.hash)).toEqual(record.info)
    expect(
      Buffer.from(lookups[0] ?? [])
        .reverse()
        .toString('hex'),
    ).toBe(record.info.hash)
    // A look-up answered with another block's header is refused.
    await expect(notifier.blockHeader(hashFromHex(DISPLAY))).rejects.toMatchObject({
      code: 'upstream_failed',
    })
  })

  it('subscribes again after the server is killed and restarted, and the next notification arrives', async () => {
    const streams: Streams = { current: undefined, sources: [] }
    const { server, notifier, events, metrics } = await connected(streams)
    const first = streams.current
    await server.stop()
    await waitFor(() => notifier.status().state === 'down', { what: 'the notifier to notice' })
    const { handlers } = blockchainServer(streams)
    const again = await rawServer(BlockchainAPI, handlers, server.port)
    cleanups.push(again.stop)
    await waitFor(() => streams.current !== first && notifier.status().state === 'up', {
      timeoutMs: 10_000,
      what: 'a new subscription',
    })
    streams.current?.write(notification(NotificationType.Block, INTERNAL))
    await waitFor(() => events.length === 1, { what: 'the next notification' })
    expect(streams.sources).toEqual(['p2pServer', 'p2pServer'])
    expect(metrics.count('upstreamResubscribe', { service: 'blockchain' })).toBeGreaterThanOrEqual(1)
  })

  it('fails a look-up the server never answers with upstream_timeout at the deadline, and counts it', async () => {
    const server = await rawServer(BlockchainAPI, {
      subscribe: () => {},
      getBestBlockHeader: () => {},
      getBlockHeader: () => {},
    })
    cleanups.push(server.stop)
    const metrics = new MemoryMetrics()
    const notifier = new GrpcChainNotifier(
      { clock: new SystemClock(), logger: new MemoryLogger(), metrics },
      { address: server.address, callTimeoutMs: 300 },
    )
    await notifier.start()
    cleanups.push(() => notifier.stop())
    await expect(notifier.bestBlockHeader()).rejects.toMatchObject({ code: 'upstream_timeout' })
    expect(
      metrics.count('upstreamCall', {
        service: 'blockchain',
        method: 'GetBestBlockHeader',
        outcome: 'upstream_timeout',
      }),
    ).toBe(1)
  })

  it('rejects calls in flight with stopped when it stops', async () => {
    const server = await rawServer(BlockchainAPI, {
      subscribe: () => {},
      getBestBlockHeader: () => {},
      getBlockHeader: () => {},
    })
    cleanups.push(server.stop)
    const notifier = new GrpcChainNotifier(
      { clock: new SystemClock(), logger: new MemoryLogger(), metrics: new MemoryMetrics() },
      { address: server.address, callTimeoutMs: 60_000 },
    )
    await notifier.start()
    const pending = notifier.bestBlockHeader()
    await notifier.stop()
    await expect(pending).rejects.toMatchObject({ code: 'stopped' })
  })
})
