import type { Logger, UpstreamMetrics } from '@p2p/domain'
import { GrpcChainNotifier } from '@p2p/grpc-services'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { type RefServices, startRefServices } from '../src/index.js'

// grpc-go servers on their defaults (the reference's) tolerate one client ping per 5 minutes on a
// connection where they send nothing, and GOAWAY a client that pings early a third time: a quiet
// subscription then breaks every 2 minutes. Scaled here, 5 minutes → 1 s, our keepalive keeps the
// same ratio to the server's tolerance as the default (330 s against 300 s) does.
const SERVER_MIN_MS = 1_000
const SCALED_DEFAULT_MS = Math.round((SERVER_MIN_MS * 330_000) / 300_000)
const QUIET_MS = 6 * SERVER_MIN_MS

describe('client keepalive against grpc-go ping enforcement (5 min scaled to 1 s)', {
  timeout: 30_000,
}, () => {
  const running: Array<{ stop(): Promise<unknown> }> = []
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) await r.stop()
  })

  async function quietSubscription(keepaliveMs: number) {
    const ref: RefServices = await startRefServices({ keepaliveMinTimeMs: SERVER_MIN_MS })
    running.push(ref)
    const metrics = new MemoryMetrics()
    const notifier = new GrpcChainNotifier(
      { clock: new SystemClock(), logger: new MemoryLogger() as Logger, metrics: metrics as UpstreamMetrics },
      { address: ref.addresses.blockchain, keepaliveMs, backoff: { initialMs: 50, maxMs: 200 } },
    )
    running.push(notifier)
    await notifier.start()
    await waitFor(() => notifier.status().state === 'up', { what: 'the quiet subscription to be up' })
    return notifier
  }

  it('pinging more often than the server tolerates gets the quiet subscription cut (the failure mode)', async () => {
    const notifier = await quietSubscription(SERVER_MIN_MS / 5)
    await waitFor(() => (notifier.status().failures ?? 0) > 0, {
      timeoutMs: QUIET_MS,
      what: 'the server to GOAWAY a client that pings too often',
    })
  })

  it('the default ratio keeps a quiet subscription up through several pings', async () => {
    const notifier = await quietSubscription(SCALED_DEFAULT_MS)
    // Six server minimums of silence: four pings, each within the tolerance.
    const until = Date.now() + QUIET_MS
    await waitFor(() => Date.now() >= until || (notifier.status().failures ?? 0) > 0, {
      timeoutMs: QUIET_MS + 2_000,
      what: 'the quiet period to pass',
    })
    expect(notifier.status()).toMatchObject({ state: 'up', failures: 0 })
  })
})
