import { metricValue } from '../lib/http-client.js'
import { pace } from '../lib/pacer.js'
import { ProcSampler } from '../lib/proc-stats.js'
import { summarize } from '../lib/stats.js'
import { wallNow } from '../lib/time.js'
import {
  drain,
  type GossipPlan,
  type GossipRunResult,
  type ReceiverReport,
  summariseRun,
} from './gossip-run.js'
import { drainHandoffs, scrapeMetrics } from './handoff-drain.js'
import { type ServiceNetwork, startServiceNetwork } from './service-network.js'
import type { ServiceProfile } from './service-profile.js'
import { fetchTrace, stageLatencies } from './stages.js'
import { ValidationSampler } from './validation-sampler.js'
import type { WsReceiver } from './ws-receiver.js'

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
 *
 * A node that bans node 1 (its gossip rate limit) makes every later run deliver nothing, so a
 * run that ended with a ban is followed by a fresh network (new identities, no bans).
 *
 * The same runs on either wire profile: on the teranode wire the subtree travels in an envelope
 * around base64, and nodes 2 and 3 meet through the address exchange instead of the DHT.
 */
export async function runServiceGossip(
  plan: GossipPlan,
  profile: ServiceProfile,
): Promise<GossipRunResult[]> {
  let network = await startServiceNetwork(profile, plan.traceSampleRate)
  try {
    await measure(network, plan, 100, plan.warmupMs)
    const results: GossipRunResult[] = []
    for (const rate of plan.rates) {
      if (network.bans() > 0) {
        await network.stop()
        network = await startServiceNetwork(profile, plan.traceSampleRate)
      }
      results.push(await measure(network, plan, rate, plan.durationMs))
    }
    return results
  } finally {
    await network.stop()
  }
}

async function measure(
  network: ServiceNetwork,
  plan: GossipPlan,
  rate: number,
  durationMs: number,
): Promise<GossipRunResult> {
  const { nodes, remote, echo } = network
  const [n1, n2, n3] = nodes
  for (const r of [...remote, echo]) r.reset()
  const bansBefore = network.bans()
  const sends = new Map<string, number>()
  const before = await Promise.all(nodes.map((n) => scrapeMetrics(n)))
  const validation = new ValidationSampler({ nodes: [n2, n3] }).start()
  const sampler = new ProcSampler({ pids: network.pids }).start()
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
  const validationLatency = await validation.stop(sends)
  const after = await Promise.all(nodes.map((n) => scrapeMetrics(n)))
  const delta = (i: number, name: string, labels: Record<string, string>) => {
    const [a, b] = [after[i], before[i]]
    return a === undefined || b === undefined
      ? Number.NaN
      : metricValue(a, name, labels) - metricValue(b, name, labels)
  }
  const echoed = report(echo, sends)
  const [trace1, trace3] = await Promise.all([fetchTrace(n1), fetchTrace(n3)])
  const stages = stageLatencies(sends, remote[1]?.arrivals ?? new Map(), { n1: trace1, n3: trace3 })
  const bans = network.bans() - bansBefore
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
    validationLatency,
    node1Echo: {
      deliveredPct: (100 * echoed.unique) / Math.max(1, sends.size),
      latency: summarize(echoed.latencies),
    },
    bans,
    stages,
    problems: network.processes.flatMap((p) => p.problems.map((line) => `${p.name}: ${line}`)),
  }
  return summariseRun(
    rate,
    {
      sent: sends.size,
      failed: result.failed,
      startWallMs,
      endWallMs,
      ...(result.firstError === undefined ? {} : { firstError: result.firstError }),
    },
    remote.map((r) => report(r, sends)),
    { usage, pressurePct: sampler.pressurePct },
    extra,
  )
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
