import { create } from '@bufbuild/protobuf'
import type { ServerWritableStream } from '@grpc/grpc-js'
import type { RejectedTx } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type RejectedTxNotification,
  RejectedTxNotificationSchema,
  type SubscribeRequest,
  ValidatorAPI,
} from '../src/gen/validator_api/validator_api_pb.js'
import { GrpcRejectedTxSource } from '../src/index.js'
import { rawServer } from './raw-server.js'

describe('GrpcRejectedTxSource on the wire', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('maps rejections as they are (judging them is the core’s), and resubscribes after a restart', async () => {
    let stream: ServerWritableStream<SubscribeRequest, RejectedTxNotification> | undefined
    const sources: string[] = []
    const handlers = {
      subscribe(call: ServerWritableStream<SubscribeRequest, RejectedTxNotification>) {
        sources.push(call.request.source)
        stream = call
      },
    }
    const server = await rawServer(ValidatorAPI, handlers)
    cleanups.push(server.stop)
    const metrics = new MemoryMetrics()
    const source = new GrpcRejectedTxSource(
      { clock: new SystemClock(), logger: new MemoryLogger(), metrics },
      { address: server.address, backoff: { initialMs: 100, maxMs: 400 } },
    )
    const got: RejectedTx[] = []
    source.subscribe((rejected) => got.push(rejected))
    await source.start()
    cleanups.push(() => source.stop())
    await waitFor(() => stream)
    const txId = 'AB'.repeat(32)
    stream?.write(create(RejectedTxNotificationSchema, { txId: 'not a txid', reason: 'x' }))
    stream?.write(create(RejectedTxNotificationSchema, { txId, reason: 'missing inputs' }))
    await waitFor(() => got.length === 2)
    // Translated only: the core's port guard refuses the first and counts it, for every adapter alike.
    expect(got).toEqual([
      { txId: 'not a txid', reason: 'x' },
      { txId: txId.toLowerCase(), reason: 'missing inputs' },
    ])
    expect(metrics.count('upstreamCall', { service: 'validator', outcome: 'invalid_field' })).toBe(0)

    const first = stream
    await server.stop()
    await waitFor(() => source.status().state === 'down')
    const again = await rawServer(ValidatorAPI, handlers, server.port)
    cleanups.push(again.stop)
    await waitFor(() => stream !== first, { timeoutMs: 10_000, what: 'a new subscription' })
    stream?.write(create(RejectedTxNotificationSchema, { txId, reason: 'double spend' }))
    await waitFor(() => got.length === 3, { what: 'the rejection after the restart' })
    expect(sources).toEqual(['p2pServer', 'p2pServer'])
  })
})
