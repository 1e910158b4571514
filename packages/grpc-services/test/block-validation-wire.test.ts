import { type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js'
import { hashFromHex } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type BlockFoundRequest,
  BlockValidationAPI,
  type EmptyMessage,
} from '../src/gen/blockvalidation_api/blockvalidation_api_pb.js'
import { GrpcBlockValidator } from '../src/index.js'
import { grpcError } from '../src/servers/grpc-error.js'
import { rawServer } from './raw-server.js'

const DISPLAY = '0000000000000000011e0d4a3c6a5d8f3f3e9a1b2c3d4e5f60718293a4b5c6d7'
const hash = hashFromHex(DISPLAY)
const announcement = { hash, baseUrl: 'http://peer.example:8090/api/v1', peerId: 'p' }

type Handler = (
  call: ServerUnaryCall<BlockFoundRequest, EmptyMessage>,
  done: sendUnaryData<EmptyMessage>,
) => void

describe('GrpcBlockValidator on the wire', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function validatorFor(handler: Handler, options: { retries?: number; callTimeoutMs?: number } = {}) {
    const server = await rawServer(BlockValidationAPI, { blockFound: handler, subtreeFound: handler })
    cleanups.push(server.stop)
    const metrics = new MemoryMetrics()
    const validator = new GrpcBlockValidator(
      { clock: new SystemClock(), logger: new MemoryLogger(), metrics },
      { address: server.address, retryDelayMs: 10, ...options },
    )
    await validator.start()
    cleanups.push(() => validator.stop())
    return { validator, metrics }
  }

  it('sends BlockFound and SubtreeFound with the hash in internal byte order and the base URL', async () => {
    const seen: Array<{ path: string; hash: string; baseUrl: string }> = []
    const { validator } = await validatorFor((call, done) => {
      seen.push({
        path: call.getPath(),
        hash: Buffer.from(call.request.hash).toString('hex'),
        baseUrl: call.request.baseUrl,
      })
      done(null, {} as EmptyMessage)
    })
    await validator.blockFound(announcement)
    await validator.subtreeFound(announcement)
    const internalHex = Buffer.from(DISPLAY, 'hex').reverse().toString('hex')
    expect(seen).toEqual([
      {
        path: '/blockvalidation_api.BlockValidationAPI/BlockFound',
        hash: internalHex,
        baseUrl: announcement.baseUrl,
      },
      {
        path: '/blockvalidation_api.BlockValidationAPI/SubtreeFound',
        hash: internalHex,
        baseUrl: announcement.baseUrl,
      },
    ])
  })

  it('retries an unavailable service a bounded number of times, counting every attempt', async () => {
    let calls = 0
    const { validator, metrics } = await validatorFor(
      (_call, done) => {
        calls++
        done(grpcError(status.UNAVAILABLE, 'warming up'))
      },
      { retries: 2 },
    )
    await expect(validator.blockFound(announcement)).rejects.toMatchObject({ code: 'upstream_unavailable' })
    expect(calls).toBe(3)
    expect(
      metrics.count('upstreamCall', {
        service: 'blockValidation',
        method: 'BlockFound',
        outcome: 'upstream_unavailable',
      }),
    ).toBe(3)
  })

  it('does not retry a call the service refused outright', async () => {
    let calls = 0
    const { validator } = await validatorFor((_call, done) => {
      calls++
      done(grpcError(status.INVALID_ARGUMENT, 'bad hash'))
    })
    await expect(validator.subtreeFound(announcement)).rejects.toMatchObject({ code: 'upstream_failed' })
    expect(calls).toBe(1)
  })

  it('gives up on a service that never answers at the deadline, counted, without hanging', async () => {
    const { validator, metrics } = await validatorFor(() => {}, { retries: 1, callTimeoutMs: 200 })
    await expect(validator.blockFound(announcement)).rejects.toMatchObject({ code: 'upstream_timeout' })
    expect(
      metrics.count('upstreamCall', {
        service: 'blockValidation',
        method: 'BlockFound',
        outcome: 'upstream_timeout',
      }),
    ).toBe(2)
  })

  it('reports down when the service cannot be reached', async () => {
    const server = await rawServer(BlockValidationAPI, { blockFound: () => {}, subtreeFound: () => {} })
    await server.stop()
    const validator = new GrpcBlockValidator(
      { clock: new SystemClock(), logger: new MemoryLogger(), metrics: new MemoryMetrics() },
      { address: server.address, connectTimeoutMs: 300, retries: 0 },
    )
    await validator.start()
    cleanups.push(() => validator.stop())
    await expect(validator.blockFound(announcement)).rejects.toMatchObject({ code: 'upstream_unavailable' })
    expect(validator.status().state).toBe('down')
  })

  it('logs why the service is down once, and how long it was down when it is back', async () => {
    const gone = await rawServer(BlockValidationAPI, { blockFound: () => {}, subtreeFound: () => {} })
    await gone.stop()
    const logger = new MemoryLogger()
    const validator = new GrpcBlockValidator(
      { clock: new SystemClock(), logger, metrics: new MemoryMetrics() },
      { address: gone.address, connectTimeoutMs: 200, backoff: { initialMs: 50, maxMs: 100 } },
    )
    await validator.start()
    cleanups.push(() => validator.stop())
    await waitFor(() => logger.find('warn', 'node service is down'), { what: 'the down warning' })
    expect(logger.find('warn', 'node service is down')?.context).toMatchObject({
      service: 'blockValidation',
      reason: expect.stringMatching(/^cannot reach the block validation service: /),
    })

    const back = await rawServer(
      BlockValidationAPI,
      { blockFound: () => {}, subtreeFound: () => {} },
      gone.port,
    )
    cleanups.push(back.stop)
    await waitFor(() => validator.status().state === 'up', { what: 'the probe to find the service' })
    expect(logger.filter('warn')).toHaveLength(1)
    expect(logger.filter('info').map((entry) => [entry.message, entry.context.service])).toEqual([
      ['node service is back up', 'blockValidation'],
    ])
    expect(logger.find('info', 'node service is back up')?.context.downForMs).toBeGreaterThan(0)
    await validator.stop()
    expect(logger.filter('warn')).toHaveLength(1)
  })
})
