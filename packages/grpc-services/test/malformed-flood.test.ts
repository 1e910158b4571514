import { create } from '@bufbuild/protobuf'
import type { ServerWritableStream } from '@grpc/grpc-js'
import type { Logger, UpstreamCallOutcome, UpstreamMetrics } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BlockchainAPI,
  type Notification,
  NotificationSchema,
  type SubscribeRequest,
} from '../src/gen/blockchain_api/blockchain_api_pb.js'
import { NotificationType } from '../src/gen/model/model_pb.js'
import type { ValidatorAPI } from '../src/gen/validator_api/validator_api_pb.js'
import { GrpcChainNotifier } from '../src/index.js'
import { rawServer } from './raw-server.js'

const FLOOD = 20_000
/** The limiters' interval: each kind of warning reaches warn at most once per this long. */
const WARN_INTERVAL_MS = 10_000

// A validator sending bad tx ids is not flooded here: its adapter only translates, and the core's
// port guard judges, counts and rate-limits them for every adapter alike
// (packages/core/src/p2p-service.robustness.test.ts).
/**
 * A node service that sends nothing but malformed notifications, thousands a second, must not
 * be able to fill the operator's log: every one is counted, a bounded number reach warn.
 */
describe('a node service flooding malformed notifications', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function flood<T>(options: {
    readonly api: typeof BlockchainAPI | typeof ValidatorAPI
    readonly malformed: () => T
    readonly adapter: (
      address: string,
      logger: Logger,
      metrics: UpstreamMetrics,
    ) => {
      start(): Promise<void>
      stop(): Promise<void>
      subscribe(listener: () => void): unknown
    }
    readonly outcome: { readonly service: 'blockchain' | 'validator'; readonly outcome: UpstreamCallOutcome }
  }) {
    let stream: ServerWritableStream<SubscribeRequest, T> | undefined
    const server = await rawServer(options.api, {
      subscribe(call: ServerWritableStream<SubscribeRequest, T>) {
        stream = call
      },
    })
    cleanups.push(server.stop)
    const logger = new MemoryLogger()
    const metrics = new MemoryMetrics()
    const adapter = options.adapter(server.address, logger, metrics)
    adapter.subscribe(() => {})
    await adapter.start()
    cleanups.push(() => adapter.stop())
    const call = await waitFor(() => stream, { what: 'the subscription' })
    const startedMs = Date.now()
    for (let i = 0; i < FLOOD; i++) call.write(options.malformed())
    await waitFor(
      () => metrics.count('upstreamCall', { ...options.outcome, method: 'Subscribe' }) === FLOOD,
      {
        timeoutMs: 60_000,
        intervalMs: 50,
        what: `all ${FLOOD} malformed notifications counted`,
      },
    )
    const elapsedMs = Date.now() - startedMs
    const warned = logger.filter('warn', 'dropped a malformed notification from a node service')
    const warnBytes = warned.reduce(
      (total, entry) =>
        total + JSON.stringify({ level: 'warn', msg: entry.message, ...entry.context }).length,
      0,
    )
    console.log(
      `${options.outcome.service}: ${FLOOD} malformed notifications in ${elapsedMs} ms → ${warned.length} WARN lines (${(warnBytes / 1e6).toFixed(2)} MB), ${logger.filter('debug').length} at debug; counted ${FLOOD}`,
    )
    // One warning per interval begun: a generous bound that does not depend on the machine's speed.
    expect(warned.length).toBeGreaterThanOrEqual(1)
    expect(warned.length).toBeLessThanOrEqual(1 + Math.ceil(elapsedMs / WARN_INTERVAL_MS))
    const held = warned.reduce((total, entry) => total + Number(entry.context.alsoDropped), 0)
    expect(held + warned.length).toBeLessThanOrEqual(FLOOD)
    expect(logger.filter('error')).toEqual([])
  }

  it('blockchain: notifications with a short hash are all counted, a few reach warn', async () => {
    await flood<Notification>({
      api: BlockchainAPI,
      malformed: () => create(NotificationSchema, { type: NotificationType.Block, hash: new Uint8Array(31) }),
      adapter: (address, logger, metrics) =>
        new GrpcChainNotifier({ clock: new SystemClock(), logger, metrics }, { address }),
      outcome: { service: 'blockchain', outcome: 'invalid_hash' },
    })
  })
})
