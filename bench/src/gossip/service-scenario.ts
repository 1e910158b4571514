import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LoggedProcess } from '../lib/children.js'
import { metricValue } from '../lib/http-client.js'
import { pace } from '../lib/pacer.js'
import { ProcSampler } from '../lib/proc-stats.js'
import { summarize } from '../lib/stats.js'
import { until, wallNow } from '../lib/time.js'
import {
  drain,
  type GossipPlan,
  type GossipRunResult,
  type ReceiverReport,
  summariseRun,
} from './gossip-run.js'
import { drainHandoffs } from './handoff-drain.js'
import { type ServiceNode, sees, startServiceNode, stopServiceNodes } from './service-nodes.js'
import { ValidationSampler } from './validation-sampler.js'
import { WsReceiver } from './ws-receiver.js'

/** Concurrent POST /subtree requests to node 1's dev-services: paced, and unpaced. */
const PACED_IN_FLIGHT = 64
const UNPACED_IN_FLIGHT = 16

/**
 * (b) The whole service: three apps/p2p processes, each beside its own dev-services process;
 * peers 2 and 3 bootstrap from peer 1. A message enters as a subtree made by node 1's simulated
 * chain (`POST /subtree` on its control endpoint, over keep-alive connections, paced by the
 * harness; the response names the subtree's random hash, and the request's start is its send
 * time), travels chain → gRPC → node 1's core → gossip, and leaves at nodes 2 and 3 as a
 * websocket notification (timed here) and a SubtreeFound call to their block validation
 * (counted from their /metrics, timed from samples of dev-services' /status).
 */
export async function runServiceGossip(plan: GossipPlan): Promise<GossipRunResult[]> {
  const started: LoggedProcess[] = []
  const nodes: ServiceNode[] = []
  const receivers: WsReceiver[] = []
  const dataRoot = await mkdtemp(join(tmpdir(), 'p2p-bench-'))
  const common = { started, dataRoot }
  try {
    const first = await startServiceNode('peer1', common)
    nodes.push(first)
    for (const name of ['peer2', 'peer3'])
      nodes.push(await startServiceNode(name, { ...common, bootstrap: first.address }))
    const [n1, n2, n3] = nodes as [ServiceNode, ServiceNode, ServiceNode]
    for (const [a, b] of [
      [n1, n2],
      [n1, n3],
      [n2, n1],
      [n3, n1],
      [n2, n3],
      [n3, n2],
    ] as const) {
      await until(() => sees(a, b), `${a.name} to see ${b.name} on every topic`, 40_000, 200)
    }
    for (const node of [n2, n3]) {
      const port = node.http.port
      receivers.push(await WsReceiver.open(node.name, `ws://127.0.0.1:${port}/ws?types=subtree`))
    }
    // Node 1's own notification (gossip's echo of its publication): chain → core → publish, without the hop.
    const echo = await WsReceiver.open(n1.name, `ws://127.0.0.1:${n1.http.port}/ws?types=subtree`)
    receivers.push(echo)
    const remote = receivers.filter((r) => r !== echo)
    const pids = {
      p2p1: n1.p2p.pid,
      p2p2: n2.p2p.pid,
      p2p3: n3.p2p.pid,
      dev1: n1.dev.pid,
      dev2: n2.dev.pid,
      dev3: n3.dev.pid,
    }
    const measure = async (rate: number, durationMs: number): Promise<GossipRunResult> => {
      for (const r of receivers) r.reset()
      const sends = new Map<string, number>()
      const before = await Promise.all(nodes.map((n) => n.http.text('GET', '/metrics')))
      const validation = new ValidationSampler([n2, n3]).start()
      const sampler = new ProcSampler(pids).start()
      const startWallMs = wallNow()
      const result = await pace({
        rate,
        durationMs,
        maxInFlight: rate === 0 ? UNPACED_IN_FLIGHT : PACED_IN_FLIGHT,
        send: async () => {
          const sentAt = wallNow()
          const { hash } = await n1.control.json<{ hash: string }>('POST', '/subtree')
          sends.set(hash, sentAt)
        },
      })
      const endWallMs = startWallMs + (result.endMs - result.startMs)
      await drain(async () => remote.map((r) => r.arrivals.size), sends.size)
      const handoffs = await drainHandoffs([n2, n3], before.slice(1), sends.size, plan.handoffDrainMs)
      const usage = sampler.stop()
      const validationLatencies = await validation.stop(sends)
      const after = await Promise.all(nodes.map((n) => n.http.text('GET', '/metrics')))
      const reports: ReceiverReport[] = remote.map((r) => report(r, sends))
      const echoed = report(echo, sends)
      const delta = (i: number, name: string, labels: Record<string, string>) =>
        metricValue(after[i] as string, name, labels) - metricValue(before[i] as string, name, labels)
      const extra = {
        published: delta(0, 'p2p_gossip_messages_published_total', { topic: 'subtree' }),
        receivedAt: [1, 2].map((i) => delta(i, 'p2p_gossip_messages_received_total', { topic: 'subtree' })),
        handoffsOk: [1, 2].map((i) =>
          delta(i, 'p2p_block_validation_handoffs_total', { kind: 'subtree', outcome: 'ok' }),
        ),
        handoffsDropped: [1, 2].map((i) =>
          delta(i, 'p2p_block_validation_handoffs_total', { kind: 'subtree', outcome: 'dropped' }),
        ),
        handoffDrainMs: handoffs.waitedMs,
        validationLatency: validationLatencies,
        node1Echo: {
          deliveredPct: (100 * echoed.unique) / Math.max(1, sends.size),
          latency: summarize(echoed.latencies),
        },
        warnings: started.map((p) => `${p.name}:${p.warnings}/${p.errors}`).join(' '),
      }
      return summariseRun(
        rate,
        {
          sent: sends.size,
          failed: result.failed,
          startWallMs,
          endWallMs,
          ...(result.firstError ? { firstError: result.firstError } : {}),
        },
        reports,
        { usage, pressurePct: sampler.pressurePct },
        extra,
      )
    }
    await measure(200, plan.warmupMs)
    const results: GossipRunResult[] = []
    for (const rate of plan.rates) results.push(await measure(rate, plan.durationMs))
    return results
  } finally {
    for (const r of receivers) r.close()
    await stopServiceNodes(nodes, started)
    await rm(dataRoot, { recursive: true, force: true })
  }
}

/** Send → websocket latency of every sent subtree this receiver saw. */
function report(receiver: WsReceiver, sends: ReadonlyMap<string, number>): ReceiverReport {
  const latencies: number[] = []
  let firstArrivalMs = Number.POSITIVE_INFINITY
  let lastArrivalMs = 0
  for (const [hash, sentAt] of sends) {
    const at = receiver.arrivals.get(hash)
    if (at === undefined) continue
    latencies.push(at - sentAt)
    firstArrivalMs = Math.min(firstArrivalMs, at)
    lastArrivalMs = Math.max(lastArrivalMs, at)
  }
  if (latencies.length === 0) firstArrivalMs = 0
  return { name: `${receiver.name} ws`, unique: latencies.length, latencies, firstArrivalMs, lastArrivalMs }
}
