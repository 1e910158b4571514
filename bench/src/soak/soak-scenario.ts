import { drain } from '../gossip/gossip-run.js'
import { startServiceNetwork } from '../gossip/service-network.js'
import { metricValue } from '../lib/http-client.js'
import { pace } from '../lib/pacer.js'
import { readProc } from '../lib/proc-stats.js'
import { round } from '../lib/stats.js'
import { wallNow } from '../lib/time.js'

export interface SoakPlan {
  readonly minutes: number
  /** Subtrees per second from node 1: a rate the bare library sustains. */
  readonly rate: number
  /** How often each node's RSS is read. */
  readonly sampleMs: number
}

export interface SoakNodeResult {
  readonly name: string
  readonly rssStartMb: number
  readonly rssEndMb: number
  readonly rssMaxMb: number
  /** Least-squares slope of RSS over the run after its first minute, MB per minute. */
  readonly slopeMbPerMin: number
  /** The same of the V8 heap in use (`nodejs_heap_size_used_bytes`): what the process holds, not what it was given. */
  readonly heapUsedEndMb: number
  readonly heapSlopeMbPerMin: number
}

export interface SoakResult {
  readonly minutes: number
  readonly rate: number
  readonly sent: number
  /** Share of the sent subtrees that reached the websocket clients of nodes 2 and 3, %. */
  readonly deliveredPct: number
  readonly nodes: readonly SoakNodeResult[]
  readonly samples: ReadonlyArray<{
    readonly s: number
    readonly rssMb: readonly number[]
    readonly heapUsedMb: readonly number[]
  }>
}

/**
 * `pnpm bench --soak`: the whole service (b) under a steady load for minutes, each apps/p2p
 * process's RSS sampled; a slope near 0 MB/min after warm-up says nothing accrues.
 */
export async function runSoak(plan: SoakPlan): Promise<SoakResult> {
  const network = await startServiceNetwork('spec2024', 0)
  try {
    const { nodes, remote } = network
    const [n1] = nodes
    const samples: Array<{ s: number; rssMb: number[]; heapUsedMb: number[] }> = []
    const began = wallNow()
    const heapUsedMb = async (node: (typeof nodes)[number]) => {
      try {
        const exposition = await node.http.text('GET', '/metrics', 5_000)
        return metricValue(exposition, 'nodejs_heap_size_used_bytes') / 2 ** 20
      } catch {
        return Number.NaN
      }
    }
    const sample = async () => {
      const s = (wallNow() - began) / 1000
      const rssMb = nodes.map((n) => readProc(n.p2p.pid)?.rssMb ?? Number.NaN)
      samples.push({ s, rssMb, heapUsedMb: await Promise.all(nodes.map(heapUsedMb)) })
    }
    await sample()
    const timer = setInterval(() => void sample(), plan.sampleMs)
    const sent = new Set<string>()
    try {
      await pace({
        rate: plan.rate,
        durationMs: plan.minutes * 60_000,
        maxInFlight: 64,
        send: async () => {
          const { hash } = await n1.control.json<{ hash: string }>('POST', '/subtree')
          sent.add(hash)
        },
      })
    } finally {
      clearInterval(timer)
    }
    // What is still on its way arrives, or stops arriving, before deliveries are counted.
    await drain(async () => remote.map((r) => r.arrivals.size), sent.size)
    await sample()
    let delivered = 0
    for (const receiver of remote) for (const hash of sent) if (receiver.arrivals.has(hash)) delivered++
    const settled = samples.filter((x) => x.s >= Math.min(60, (plan.minutes * 60) / 2))
    return {
      minutes: plan.minutes,
      rate: plan.rate,
      sent: sent.size,
      deliveredPct: round((100 * delivered) / Math.max(1, sent.size * remote.length), 2),
      nodes: nodes.map((node, i) => {
        const series = samples.map((x) => x.rssMb[i] as number)
        const heap = settled.filter((x) => Number.isFinite(x.heapUsedMb[i]))
        return {
          name: node.name,
          rssStartMb: round(series[0] as number, 1),
          rssEndMb: round(series.at(-1) as number, 1),
          rssMaxMb: round(Math.max(...series), 1),
          slopeMbPerMin: round(slope(settled.map((x) => [x.s / 60, x.rssMb[i] as number])), 3),
          heapUsedEndMb: round(samples.at(-1)?.heapUsedMb[i] ?? Number.NaN, 1),
          heapSlopeMbPerMin: round(slope(heap.map((x) => [x.s / 60, x.heapUsedMb[i] as number])), 3),
        }
      }),
      samples,
    }
  } finally {
    await network.stop()
  }
}

/** Least-squares slope of y over x; NaN with fewer than two points. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) {
    num += (x - mx) * (y - my)
    den += (x - mx) ** 2
  }
  return den === 0 ? Number.NaN : num / den
}
