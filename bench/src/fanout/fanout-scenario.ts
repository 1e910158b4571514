import { BenchChild } from '../lib/ipc.js'
import { benchScript, profilingArgs } from '../lib/paths.js'
import { ProcSampler, type ProcUsage } from '../lib/proc-stats.js'
import { type LatencySummary, round } from '../lib/stats.js'
import { until } from '../lib/time.js'

export interface FanoutPlan {
  readonly clients: readonly number[]
  /**
   * The throughput phase, by client count: `rounds` bursts of `count` notifications, each burst
   * delivered to every client before the next (≤ 1 MiB per client per burst, so the HttpFace never
   * evicts a live client for being behind).
   */
  readonly burst: (clients: number) => { readonly count: number; readonly rounds: number }
  /** Rate and length of the paced phase that measures latency. */
  readonly latencyRate: number
  readonly latencyMs: number
  /** After the stalled phase, close the stalled client and measure once more (a control for drift). */
  readonly control: boolean
  /** Notifications written to the stalled client alone before its phase (≈ what the kernel absorbs). */
  readonly floodCount: number
}

export type FanoutPhase = 'none' | 'stalled' | 'after'

export interface FanoutResult {
  readonly server: 'HttpFace' | 'raw ws'
  readonly clients: number
  /** Without the stalled client, with it, and again after it was closed (the control). */
  readonly phase: FanoutPhase
  readonly burst: number
  /** Notifications per second that reached every client, in the burst. */
  readonly notificationsPerSecond: number
  /** Frames per second received over all clients, in the burst. */
  readonly deliveriesPerSecond: number
  readonly burstDeliveredPct: number
  readonly pacedRate: number
  readonly pacedDeliveredPct: number
  readonly latency: LatencySummary
  readonly usage: Readonly<Record<string, ProcUsage>>
  readonly cpuPressurePct: number
  readonly serverStats: Readonly<Record<string, unknown>>
  readonly closedClients: number
}

interface Sent {
  readonly sent: number
  readonly startWallMs: number
  readonly endWallMs: number
}

interface ClientsReport {
  readonly total: number
  readonly minPerClient: number
  readonly lastArrivalMs: number
  readonly latency: LatencySummary
  readonly closedClients: number
}

/**
 * Websocket fan-out: one server process (HttpFace, or raw `ws` broadcasting pre-serialised frames)
 * and one process holding N clients. A burst measures notifications/s delivered to all; a paced
 * phase measures send → receive latency. Then one stalled client joins, its buffers already full,
 * and both run again (and, as a control, once more after it is gone).
 */
export async function runFanout(plan: FanoutPlan): Promise<FanoutResult[]> {
  const results: FanoutResult[] = []
  for (const kind of ['face', 'raw'] as const) {
    for (const n of plan.clients) results.push(...(await runOne(kind, n, plan)))
  }
  return results
}

async function runOne(kind: 'face' | 'raw', n: number, plan: FanoutPlan): Promise<FanoutResult[]> {
  const server = new BenchChild<{ port: number }>({
    name: `fanout-${kind}`,
    script: benchScript('fanout/fanout-server.js'),
    args: [kind],
    nodeArgs: profilingArgs(`fanout-${kind}-${n}`),
  })
  let clients: BenchChild | undefined
  try {
    const { port } = await server.ready
    clients = new BenchChild({
      name: 'fanout-clients',
      script: benchScript('fanout/fanout-clients.js'),
      args: [String(port)],
    })
    await clients.ready
    const c = clients
    await c.call('connect', { count: n })
    await until(async () => (await server.call<number>('clients')) === n, `${n} clients connected`, 20_000)
    const phase = async (record: boolean, send: () => Promise<Sent>) => {
      await c.call('reset', { record, fromSeq: await server.call<number>('seq') })
      const sent = await send()
      const got = await c.call<{ total: number; lastArrivalMs: number }>('waitTotal', {
        expected: n * sent.sent,
        quietMs: 2_000,
        maxMs: 30_000,
      })
      return { sent, got }
    }
    // Warm-up, not measured.
    await phase(false, () => server.call<Sent>('burst', { count: 100, perTick: 20 }))
    const out: FanoutResult[] = []
    const phases: FanoutPhase[] = plan.control ? ['none', 'stalled', 'after'] : ['none', 'stalled']
    for (const phaseName of phases) {
      if (phaseName === 'after') await c.call('unstall')
      if (phaseName === 'stalled') {
        await c.call('stall')
        await until(
          async () => (await server.call<number>('clients')) === n + 1,
          'the stalled client',
          10_000,
        )
        await server.call('flood', { count: plan.floodCount })
      }
      const sampler = new ProcSampler({ pids: { server: server.pid, clients: c.pid } }).start()
      const { count, rounds } = plan.burst(n)
      let seconds = 0
      let delivered = 0
      for (let round = 0; round < rounds; round++) {
        const { sent, got } = await phase(false, () => server.call<Sent>('burst', { count, perTick: 20 }))
        seconds += Math.max(0, got.lastArrivalMs - sent.startWallMs) / 1000
        delivered += got.total
      }
      const paced = await phase(true, () =>
        server.call<Sent>('paced', { rate: plan.latencyRate, durationMs: plan.latencyMs }),
      )
      const pacedReport = await c.call<ClientsReport>('report')
      const usage = sampler.stop()
      const share = delivered / (n * count * rounds)
      out.push({
        server: kind === 'face' ? 'HttpFace' : 'raw ws',
        clients: n,
        phase: phaseName,
        burst: count * rounds,
        notificationsPerSecond: round((count * rounds * share) / Math.max(seconds, 1e-9)),
        deliveriesPerSecond: round(delivered / Math.max(seconds, 1e-9)),
        burstDeliveredPct: round(100 * share, 2),
        pacedRate: plan.latencyRate,
        pacedDeliveredPct: round((100 * pacedReport.total) / Math.max(1, n * paced.sent.sent), 2),
        latency: pacedReport.latency,
        usage,
        cpuPressurePct: sampler.pressurePct,
        serverStats: await server.call<Record<string, unknown>>('stats'),
        closedClients: pacedReport.closedClients,
      })
    }
    return out
  } finally {
    await clients?.stop()
    await server.stop()
  }
}
