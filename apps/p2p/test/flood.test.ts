import { rm } from 'node:fs/promises'
import { SPEC2024_KINDS } from '@p2p/domain'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { floodMs } from './flood-budget.js'
import {
  type DevServicesProcess,
  newDataDir,
  type PeerProcess,
  startDevServices,
  startPeer,
} from './peers.js'
import { allJudged, rssMiB, subtreeAccount } from './process-metrics.js'
import { startRogue } from './rogue.js'

const FLOOD_MS = floodMs(30_000, 10_000)

describe('a flood as fast as two peers can sign', { timeout: 180_000 }, () => {
  const cleanups: Array<() => unknown> = []
  const dirs: string[] = []
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup()
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it(`runs for ${FLOOD_MS / 1000} s; the node survives with bounded memory and accounts for every message`, async () => {
    const services: DevServicesProcess = await startDevServices()
    cleanups.push(() => services.process.kill())
    dirs.push(await newDataDir())
    const node: PeerProcess = await startPeer('peer1', services, { dataDir: dirs[0] as string })
    cleanups.push(
      () => node.closeSocket(),
      () => node.process.kill(),
    )
    const flooders = [await startRogue(), await startRogue()]
    for (const flooder of flooders) {
      cleanups.push(() => flooder.stop())
      await flooder.dial(node.address)
      await waitFor(
        async () =>
          (await node.status()).peers.some(
            (p) => p.id === flooder.peerId && SPEC2024_KINDS.every((k) => p.topics.includes(k)),
          ),
        { timeoutMs: 20_000 },
      )
    }
    const pid = node.process.child.pid
    const baseline = rssMiB(pid)
    let peak = baseline
    let sent = 0
    const ends = Date.now() + FLOOD_MS
    // Valid, distinct, well-formed announcements as fast as two peers can sign them, unpaced:
    // whether the node keeps up or sheds, nothing may vanish and nothing may accrue.
    await Promise.all(
      flooders.map(async (flooder, f) => {
        while (Date.now() < ends) {
          for (let i = 0; i < 50; i++) {
            const hash = `${f}${(sent++).toString(16)}`.padStart(64, 'f')
            const payload = JSON.stringify({
              Hash: hash,
              DataHubUrl: 'http://flood.example:8090/api/v1',
              PeerId: flooder.peerId,
            })
            await flooder.publish('subtree', payload).catch(() => {})
          }
          peak = Math.max(peak, rssMiB(pid))
          await new Promise((resolve) => setImmediate(resolve))
        }
      }),
    )
    // Whatever is still in flight is judged within moments; then every message has its verdict,
    // and every accepted one has left the hand-off queue: handed off, failed, or dropped, counted.
    const metricsUrl = `http://127.0.0.1:${node.httpPort}/metrics`
    const { received, accepted, refused, shed, handoffs } = await waitFor(
      async () => {
        const text = await (await fetch(metricsUrl)).text()
        const account = subtreeAccount(text)
        const { ok, failed, dropped } = account.handoffs
        return allJudged(text) && ok + failed + dropped === account.accepted ? account : undefined
      },
      { timeoutMs: 30_000, what: 'a verdict for every subtree received, and every hand-off settled' },
    )
    const health = await fetch(`http://127.0.0.1:${node.httpPort}/health`)
    console.log(
      `flood: ${sent} messages in ${FLOOD_MS / 1000} s (${Math.round(sent / (FLOOD_MS / 1000))}/s); RSS ${baseline.toFixed(0)} → peak ${peak.toFixed(0)} MiB; ` +
        `received ${received}, accepted ${accepted}, refused ${refused} (shed ${shed}); ` +
        `handed off ${handoffs.ok}, failed ${handoffs.failed}, dropped ${handoffs.dropped}`,
    )
    expect(node.process.child.exitCode).toBeNull()
    expect(health.status).toBe(200)
    expect(received).toBeGreaterThan(0)
    expect(accepted + refused).toBe(received)
    // RSS under the flood is mostly garbage V8 has not collected yet: at this allocation rate it
    // grows the heap rather than collect (a heap snapshot taken right after the flood holds
    // ~120 MB live, at an RSS peak of 460). So the peak gets a ceiling, and what is *kept* is
    // shown by the RSS coming back down once the flood stops: bounded caches, nothing accruing.
    expect(peak).toBeLessThan(baseline + 450)
    const settled = await waitFor(
      () => {
        const now = rssMiB(pid)
        return now < baseline + 250 ? now : undefined
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'RSS to come back within 250 MiB of the baseline' },
    )
    console.log(`flood: RSS ${settled.toFixed(0)} MiB once the flood stopped`)
  })
})
