import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { SPEC2024_KINDS } from '@p2p/domain'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { floodMs } from './flood-budget.js'
import { newDataDir, startDevServices, startPeer } from './peers.js'
import { allJudged, rssMiB, sampleSum, subtreeAccount } from './process-metrics.js'
import { launch } from './processes.js'
import { startRogue } from './rogue.js'

const FLOOD_MS = floodMs(20_000, 8_000)
/** Within the default subtree limit (2,000/s per author): nothing here is over any rate limit. */
const RATE_PER_S = 1_500
const HEALTH_EVERY_MS = 250
const HEALTH_TIMEOUT_MS = 2_000
const HEALTH_PROBER = fileURLToPath(new URL('./health-prober.mjs', import.meta.url))

describe('one peer announcing valid subtrees within its rate limit', { timeout: 180_000 }, () => {
  const cleanups: Array<() => unknown> = []
  const dirs: string[] = []
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup()
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it(`${RATE_PER_S}/s for ${FLOOD_MS / 1000} s: memory stays bounded, /health answers, every message is taken or counted`, async () => {
    const services = await startDevServices()
    cleanups.push(() => services.process.kill())
    dirs.push(await newDataDir())
    const node = await startPeer('peer1', services, { dataDir: dirs[0] as string })
    cleanups.push(
      () => node.closeSocket(),
      () => node.process.kill(),
    )
    const flooder = await startRogue()
    cleanups.push(() => flooder.stop())
    await flooder.dial(node.address)
    await waitFor(
      async () =>
        (await node.status()).peers.some(
          (p) => p.id === flooder.peerId && SPEC2024_KINDS.every((k) => p.topics.includes(k)),
        ),
      { timeoutMs: 20_000 },
    )
    const pid = node.process.child.pid
    const metricsUrl = `http://127.0.0.1:${node.httpPort}/metrics`
    await fetch(metricsUrl) // starts prom-client's event-loop lag window afresh
    const baseline = rssMiB(pid)
    let peak = baseline
    let maxLagS = 0
    const started = Date.now()
    const ends = started + FLOOD_MS
    // Health is asked from a process of its own: this one is busy signing the flood.
    const prober = launch(HEALTH_PROBER, {
      PROBE_URL: `http://127.0.0.1:${node.httpPort}/health`,
      PROBE_EVERY_MS: String(HEALTH_EVERY_MS),
      PROBE_TIMEOUT_MS: String(HEALTH_TIMEOUT_MS),
    })
    cleanups.push(() => prober.kill())
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid))
    }, 100)
    cleanups.push(() => clearInterval(sampler))
    const lagReader = (async () => {
      while (Date.now() < ends) {
        await new Promise((resolve) => setTimeout(resolve, 2_000))
        const text = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })
          .then((r) => r.text())
          .catch(() => '')
        maxLagS = Math.max(maxLagS, sampleSum(text, 'nodejs_eventloop_lag_max_seconds '))
      }
    })()
    let sent = 0
    while (Date.now() < ends) {
      // Paced: catch up to where the rate says we should be, then yield.
      const due = Math.floor(((Date.now() - started) / 1000) * RATE_PER_S)
      while (sent < due) {
        const payload = JSON.stringify({
          Hash: (sent++).toString(16).padStart(64, '0'),
          DataHubUrl: 'http://flood.example:8090/api/v1',
          PeerId: flooder.peerId,
        })
        flooder.publish('subtree', payload).catch(() => {})
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await lagReader
    clearInterval(sampler)
    prober.kill()
    // Answered means an HTTP answer within the timeout. A 503 is an answer: the node saying an
    // upstream is struggling under the flood is the truth, not a stall; its count is printed.
    const probes = prober.records.filter((r) => r.msg === 'health')
    const health = probes.map((r) =>
      r.error === undefined && typeof r.status === 'number' && r.status > 0 && typeof r.ms === 'number'
        ? r.ms
        : Number.POSITIVE_INFINITY,
    )
    const failures = probes.filter((r) => r.error !== undefined || r.status === 0)
    const unhealthy = probes.filter((r) => r.status !== 200 && r.status !== 0).length
    // Whatever is still in flight is judged within moments; then every message has its verdict.
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(metricsUrl)).text()
        return allJudged(text) ? text : undefined
      },
      { timeoutMs: 10_000, what: 'a verdict for every subtree received' },
    )
    maxLagS = Math.max(maxLagS, sampleSum(metrics, 'nodejs_eventloop_lag_max_seconds '))
    const { received, accepted, refused, shed } = subtreeAccount(metrics)
    const answered = health.filter(Number.isFinite).sort((a, b) => a - b)
    console.log(
      `in-limit flood: ${sent} subtrees in ${FLOOD_MS / 1000} s; RSS ${baseline.toFixed(0)} → peak ${peak.toFixed(0)} MiB; ` +
        `largest event-loop lag ${(maxLagS * 1000).toFixed(0)} ms; /health ${answered.length}/${health.length} answered, ` +
        `p50 ${answered[Math.floor(answered.length / 2)]?.toFixed(1)} ms, worst ${Math.max(...health).toFixed(1)} ms; ` +
        `received ${received}, accepted ${accepted}, shed ${shed} (overloaded ` +
        `${sampleSum(metrics, 'p2p_overload_episodes_total')} times, ${sampleSum(metrics, 'p2p_overloaded_seconds_total').toFixed(1)} s)`,
    )
    if (failures.length > 0) console.log('unanswered /health probes:', JSON.stringify(failures))
    if (unhealthy > 0) console.log(`/health answered "unhealthy" ${unhealthy} times`)
    expect(node.process.child.exitCode).toBeNull()
    expect(health.length).toBeGreaterThan(0)
    expect(answered.length).toBe(health.length)
    // Nothing vanished: each subtree that arrived was accepted or refused with a counted reason.
    expect(received).toBeGreaterThan(0)
    expect(accepted + refused).toBe(received)
    // Before the node shed load and bounded its heap growth this run peaked 240 MiB above its start.
    expect(peak).toBeLessThan(baseline + 150)
  })
})
