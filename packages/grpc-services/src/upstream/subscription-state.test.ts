import { create } from '@bufbuild/protobuf'
import { status as GrpcStatus, Metadata, type ServerWritableStream } from '@grpc/grpc-js'
import type { Clock, UpstreamStatus } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { FakeClock, MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { rawServer } from '../../test/raw-server.js'
import { startSilentServerProcess } from '../../test/silent-server.js'
import {
  BlockchainAPI,
  type Notification,
  NotificationSchema,
  type SubscribeRequest,
} from '../gen/blockchain_api/blockchain_api_pb.js'
import { NotificationType } from '../gen/model/model_pb.js'
import { methodPath } from '../grpc/method-codec.js'
import { GrpcChainNotifier } from '../index.js'

type SubscribeCall = ServerWritableStream<SubscribeRequest, Notification>

const UP_LOG = 'node service subscription is up'
const FAST = { backoff: { initialMs: 50, maxMs: 200 }, connectTimeoutMs: 2_000 }

/** A blockchain service whose Subscribe takes the call and says nothing, as the reference does on a quiet chain. */
function silentHandlers(calls: SubscribeCall[]) {
  return {
    subscribe: (call: SubscribeCall) => {
      calls.push(call)
    },
    getBestBlockHeader: () => {},
    getBlockHeader: () => {},
  }
}

/** A free port: bound by a server that is gone again. */
async function freePort(): Promise<number> {
  const server = await rawServer(BlockchainAPI, {})
  await server.stop()
  return server.port
}

describe('the state of a subscription follows its connection, not its traffic', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  function notifier(address: string, options: object = {}, clock: Clock = new SystemClock()) {
    const metrics = new MemoryMetrics()
    const logger = new MemoryLogger()
    const chain = new GrpcChainNotifier({ clock, logger, metrics }, { address, ...FAST, ...options })
    cleanups.push(() => chain.stop())
    return { chain, metrics, logger }
  }

  it('is up, without a byte from the service, once the Subscribe call is held open; and says how quiet it is', async () => {
    const calls: SubscribeCall[] = []
    const server = await rawServer(BlockchainAPI, silentHandlers(calls))
    cleanups.push(server.stop)
    const { chain, logger } = notifier(server.address)
    const events: unknown[] = []
    chain.subscribe((event) => events.push(event))
    await chain.start()

    const up = await waitFor(() => (chain.status().state === 'up' ? chain.status() : undefined), {
      what: 'up on a silent service',
    })
    expect(calls).toHaveLength(1)
    expect(up.detail).toBeUndefined()
    expect(up).toMatchObject({ failures: 0, reconnects: 0 })
    expect(up.quietForMs).toBeGreaterThanOrEqual(0)
    expect(up.lastMessageMs).toBeUndefined()
    expect(logger.find('debug', UP_LOG)?.context).toEqual({ service: 'blockchain', confirmedBy: 'open call' })
    expect(logger.filter('info').map((entry) => [entry.message, entry.context])).toEqual([
      ['node service is up', { service: 'blockchain' }],
    ])

    // A message is recorded as the last one; quiet time now counts from it.
    const before = Date.now()
    calls[0]?.write(create(NotificationSchema, { type: NotificationType.PING, hash: new Uint8Array() }))
    const heard = await waitFor(() => chain.status().lastMessageMs, { what: 'the message to be recorded' })
    expect(heard).toBeGreaterThanOrEqual(before)
    const status = chain.status()
    expect(status.state).toBe('up')
    expect(status.quietForMs).toBeLessThanOrEqual(Date.now() - heard)
    expect(events).toEqual([]) // a PING is not an event
  })

  it.each([
    ['UNIMPLEMENTED', {}],
    [
      'PERMISSION_DENIED',
      {
        subscribe: (call: SubscribeCall) =>
          call.emit('error', { code: GrpcStatus.PERMISSION_DENIED, details: 'not you' }),
      },
    ],
  ])(
    'never shows up, not even briefly, when the service refuses the call at once (%s)',
    async (name, handlers) => {
      const server = await rawServer(BlockchainAPI, handlers)
      cleanups.push(server.stop)
      const { chain, metrics, logger } = notifier(server.address)
      await chain.start()

      // Several calls, each open on a ready channel and refused: none of them may count as up.
      await waitFor(() => (chain.status().failures ?? 0) >= 4, { what: 'four refused calls' })
      const status = chain.status()
      expect(status.state).toBe('down')
      expect(status.detail).toContain(name)
      expect(status.reconnects).toBeGreaterThanOrEqual(3)
      expect(logger.find('debug', UP_LOG)).toBeUndefined()
      expect(logger.filter('info')).toEqual([])
      expect(
        metrics.count('upstreamSubscriptionFailed', { service: 'blockchain', code: 'upstream_failed' }),
      ).toBeGreaterThanOrEqual(4)
      expect(metrics.count('upstreamResubscribe', { service: 'blockchain' })).toBeGreaterThanOrEqual(3)
      // The same refusal again is counted, and warned about once, by the state.
      expect(logger.filter('warn').map((entry) => entry.message)).toEqual(['node service is down'])
      expect(logger.find('warn', 'node service is down')?.context.reason).toContain(name)
    },
  )

  it('is down with a reason while the channel cannot connect, and counts the attempts that never connected', async () => {
    const { chain, metrics, logger } = notifier(`127.0.0.1:${await freePort()}`, { connectTimeoutMs: 200 })
    await chain.start()
    await waitFor(() => chain.status().state === 'down', { what: 'down' })
    expect(chain.status().detail).toMatch(/cannot (connect to|reach) the blockchain service at 127\.0\.0\.1:/)
    await waitFor(() => (chain.status().failures ?? 0) >= 2, { what: 'two attempts that never connected' })
    expect(
      metrics.count('upstreamSubscriptionFailed', { service: 'blockchain', code: 'upstream_unavailable' }),
    ).toBeGreaterThanOrEqual(2)
    expect(chain.status().quietForMs).toBeUndefined()
    expect(logger.find('debug', UP_LOG)).toBeUndefined()
    expect(logger.find('warn', 'node service is down')?.context).toMatchObject({ service: 'blockchain' })
  })

  it('goes down when the service process is killed, counts it, and is up again after a restart without any traffic', async () => {
    const path = methodPath(BlockchainAPI.method.subscribe)
    const first = await startSilentServerProcess(path)
    cleanups.push(first.kill)
    const { chain, metrics, logger } = notifier(first.address)
    await chain.start()
    await waitFor(() => chain.status().state === 'up', { what: 'up on the silent service' })

    await first.kill()
    await waitFor(() => chain.status().state === 'down', { what: 'down once the service died' })
    expect(chain.status().failures).toBeGreaterThanOrEqual(1)
    expect(chain.status().quietForMs).toBeUndefined()
    // A dead service, not a refusal: worth waiting for.
    expect(metrics.callsOf('upstreamSubscriptionFailed')[0]).toMatchObject({
      service: 'blockchain',
      code: 'upstream_unavailable',
    })
    expect(logger.find('debug', 'node service subscription broke; subscribing again')).toBeDefined()
    expect(logger.find('warn', 'node service is down')?.context).toMatchObject({ service: 'blockchain' })

    const again = await startSilentServerProcess(path, first.port)
    cleanups.push(again.kill)
    await waitFor(() => chain.status().state === 'up', { what: 'up again after the restart' })
    const status: UpstreamStatus = chain.status()
    expect(status.detail).toBeUndefined()
    expect(status.failures).toBeGreaterThanOrEqual(1)
    expect(status.reconnects).toBeGreaterThanOrEqual(1)
    expect(status.lastMessageMs).toBeUndefined()
    expect(metrics.count('upstreamResubscribe', { service: 'blockchain' })).toBe(status.reconnects)
    expect(logger.filter('debug', UP_LOG)).toHaveLength(2)
    // Up, then back up after the outage, each said once at info.
    expect(logger.filter('info').map((entry) => entry.message)).toEqual([
      'node service is up',
      'node service is back up',
    ])
    expect(logger.find('info', 'node service is back up')?.context.downForMs).toBeGreaterThan(0)
  })

  it('counts headers from the service as confirmation at once', async () => {
    const server = await rawServer(BlockchainAPI, {
      subscribe: (call: SubscribeCall) => call.sendMetadata(new Metadata()),
    })
    cleanups.push(server.stop)
    // A settle window far longer than any wait here: only the headers can make it up.
    const { chain, logger } = notifier(server.address, { settleMs: 10_000 })
    await chain.start()
    await waitFor(() => chain.status().state === 'up', { what: 'up on the headers' })
    expect(logger.find('debug', UP_LOG)?.context).toMatchObject({ confirmedBy: 'headers' })
  })

  it('leaves no timer behind when stopped while a call settles or while it waits to retry', async () => {
    const calls: SubscribeCall[] = []
    const server = await rawServer(BlockchainAPI, silentHandlers(calls))
    cleanups.push(server.stop)
    const clock = new FakeClock()
    const settling = notifier(server.address, {}, clock).chain
    await settling.start()
    await waitFor(() => settling.status().detail?.includes('call open'), { what: 'the call to settle' })
    expect(clock.pendingTimers).toBeGreaterThan(0)
    await settling.stop()
    expect(clock.pendingTimers).toBe(0)
    expect(settling.status().state).toBe('down')

    const refusing = await rawServer(BlockchainAPI, {})
    cleanups.push(refusing.stop)
    const retryClock = new FakeClock()
    const retrying = notifier(refusing.address, {}, retryClock).chain
    await retrying.start()
    await waitFor(() => retrying.status().failures === 1, { what: 'the refusal' })
    expect(retryClock.pendingTimers).toBe(1) // the retry
    await retrying.stop()
    expect(retryClock.pendingTimers).toBe(0)
  })
})
