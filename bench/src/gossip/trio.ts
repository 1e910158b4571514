import { ProcSampler } from '../lib/proc-stats.js'
import {
  drain,
  type GossipPlan,
  type GossipRunResult,
  type ReceiverReport,
  type SendReport,
  summariseRun,
} from './gossip-run.js'

export interface SendParams {
  readonly run: number
  /** Messages per second; 0 = unpaced. */
  readonly rate: number
  readonly durationMs: number
  readonly maxInFlight: number
}

/** What a receiving node got in the current run (bench payloads only, its own excluded). */
export interface NodeReport {
  readonly unique: number
  readonly duplicates: number
  readonly latencies: ArrayLike<number>
  readonly firstArrivalMs: number
  readonly lastArrivalMs: number
}

/**
 * One of the three library nodes of a gossip baseline, whatever its implementation: a js-libp2p
 * child process (a) or a go-libp2p refpeer (c). Each one times the bench payloads it receives
 * against the send time they carry (`payload.ts`), so the harness only drives and collects.
 */
export interface TrioNode {
  readonly pid: number
  /** Once the node is up: a TCP address the others can dial, and what to note of it in the results. */
  readonly up: Promise<{ readonly address: string; readonly notes?: Readonly<Record<string, unknown>> }>
  dial(addresses: readonly string[]): Promise<void>
  waitForTopicPeers(count: number, timeoutMs: number): Promise<void>
  reset(run: number): Promise<void>
  send(params: SendParams): Promise<SendReport>
  count(): Promise<number>
  report(): Promise<NodeReport>
  stop(): Promise<void>
}

/** Unpaced, the publisher keeps fewer sends outstanding: more only queues inside the library. */
const maxInFlight = (rate: number) => (rate === 0 ? 256 : 4_096)

/**
 * The measuring loop both library baselines share: node 2 dials node 1, node 3 dials both (a full
 * mesh of three), all wait to see two subscribers of the topic; a warm-up at 100 msg/s, then each
 * rate of the plan: node 1 publishes, nodes 2 and 3 receive, the three processes are sampled until
 * the receivers have everything or stop getting anything. Stops the nodes whatever happens.
 */
export async function runTrio(
  nodes: readonly [TrioNode, TrioNode, TrioNode],
  plan: GossipPlan,
): Promise<GossipRunResult[]> {
  const [n1, n2, n3] = nodes
  try {
    const [u1, u2] = await Promise.all(nodes.map((n) => n.up))
    await n2.dial([u1?.address ?? ''])
    await n3.dial([u1?.address ?? '', u2?.address ?? ''])
    await Promise.all(nodes.map((n) => n.waitForTopicPeers(2, 20_000)))
    let run = 0
    const measure = async (rate: number, durationMs: number): Promise<GossipRunResult> => {
      run++
      await Promise.all([n2, n3].map((n) => n.reset(run)))
      const sampler = new ProcSampler({ pids: { node1: n1.pid, node2: n2.pid, node3: n3.pid } }).start()
      const send = await n1.send({ run, rate, durationMs, maxInFlight: maxInFlight(rate) })
      await drain(() => Promise.all([n2, n3].map((n) => n.count())), send.sent)
      const usage = sampler.stop()
      const reports = await Promise.all([n2, n3].map((n) => n.report()))
      const receivers = reports.map((r, i): ReceiverReport => ({ name: `node${i + 2}`, ...r }))
      const duplicates = reports.reduce((sum, r) => sum + r.duplicates, 0)
      return summariseRun(
        rate,
        send,
        receivers,
        { usage, pressurePct: sampler.pressurePct },
        { duplicates, ...u1?.notes },
      )
    }
    await measure(100, plan.warmupMs)
    const results: GossipRunResult[] = []
    for (const rate of plan.rates) results.push(await measure(rate, plan.durationMs))
    return results
  } finally {
    await Promise.all(nodes.map((n) => n.stop()))
  }
}
