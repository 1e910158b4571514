import { BenchChild } from '../lib/ipc.js'
import { benchScript, profilingArgs } from '../lib/paths.js'
import { ProcSampler } from '../lib/proc-stats.js'
import {
  drain,
  type GossipPlan,
  type GossipRunResult,
  type ReceiverReport,
  type SendReport,
  summariseRun,
} from './gossip-run.js'

interface BareReady {
  readonly peerId: string
  readonly addresses: string[]
  readonly source: string
}

interface BareReport {
  readonly unique: number
  readonly duplicates: number
  readonly latencies: Float64Array
  readonly firstArrivalMs: number
  readonly lastArrivalMs: number
}

/**
 * (a) The bare library: three plain libp2p nodes (child processes, our exact libp2p options),
 * fully connected on loopback; node 1 publishes 1 KB messages on one topic, nodes 2 and 3 time
 * their arrival against the send time carried in the message.
 */
export async function runBareGossip(plan: GossipPlan): Promise<GossipRunResult[]> {
  const nodes = [1, 2, 3].map(
    (i) =>
      new BenchChild<BareReady>(
        `bare${i}`,
        benchScript('gossip/bare-node.js'),
        [],
        profilingArgs(`bare${i}`),
      ),
  )
  const [n1, n2, n3] = nodes as [BenchChild<BareReady>, BenchChild<BareReady>, BenchChild<BareReady>]
  try {
    const [r1, r2] = await Promise.all(nodes.map((n) => n.ready))
    const tcp = (ready: BareReady | undefined) => ready?.addresses.find((a) => a.includes('/tcp/')) ?? ''
    await n2.call('dial', { addresses: [tcp(r1)] })
    await n3.call('dial', { addresses: [tcp(r1), tcp(r2)] })
    await Promise.all(nodes.map((n) => n.call('waitForTopicPeers', { count: 2, timeoutMs: 20_000 })))
    let run = 0
    const measure = async (rate: number, durationMs: number): Promise<GossipRunResult> => {
      run++
      await Promise.all([n2, n3].map((n) => n.call('reset', { run })))
      const sampler = new ProcSampler({ node1: n1.pid, node2: n2.pid, node3: n3.pid }).start()
      const send = await n1.call<SendReport>('send', {
        run,
        rate,
        durationMs,
        maxInFlight: rate === 0 ? 256 : 4_096,
      })
      await drain(() => Promise.all([n2, n3].map((n) => n.call<number>('count'))), send.sent)
      const usage = sampler.stop()
      const reports = await Promise.all(
        [n2, n3].map(
          async (n, i): Promise<ReceiverReport & { duplicates: number }> => ({
            name: `node${i + 2}`,
            ...(await n.call<BareReport>('report')),
          }),
        ),
      )
      const duplicates = reports.reduce((sum, r) => sum + r.duplicates, 0)
      return summariseRun(
        rate,
        send,
        reports,
        { usage, pressurePct: sampler.pressurePct },
        { duplicates, libp2pNode: r1?.source },
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
