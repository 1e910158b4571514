import type { ProcUsage } from '../lib/proc-stats.js'
import { type LatencySummary, round, summarize } from '../lib/stats.js'
import { sleep } from '../lib/time.js'

export interface GossipPlan {
  /** Messages per second; 0 = unpaced. */
  readonly rates: readonly number[]
  readonly durationMs: number
  readonly warmupMs: number
  /** How long to wait, after the websocket deliveries, for block validation hand-offs to finish. */
  readonly handoffDrainMs: number
  /** Share of the service's messages traced stage by stage (`p2p_trace_sample_rate`). */
  readonly traceSampleRate: number
}

/** What one receiving node (or websocket client) got in a run. */
export interface ReceiverReport {
  readonly name: string
  readonly unique: number
  /** Send → arrival, ms, one per message received. */
  readonly latencies: ArrayLike<number>
  /** Wall ms of the first and the last arrival (0 = none). */
  readonly firstArrivalMs: number
  readonly lastArrivalMs: number
}

export interface SendReport {
  readonly sent: number
  readonly failed: number
  readonly startWallMs: number
  readonly endWallMs: number
  readonly firstError?: string
}

export interface GossipRunResult {
  readonly rate: number
  readonly label: string
  readonly durationS: number
  readonly sent: number
  readonly sendFailures: number
  /** Messages per second actually sent. */
  readonly sendRate: number
  /** Mean over the receivers of the share of sent messages they got, %. */
  readonly deliveredPct: number
  /** Messages per second received (mean over receivers), over the longer of the send and the arrival windows. */
  readonly throughput: number
  readonly latency: LatencySummary
  readonly receivers: Readonly<Record<string, { deliveredPct: number; latency: LatencySummary }>>
  readonly usage: Readonly<Record<string, ProcUsage>>
  /** CPU time of all the sampled processes (the harness excluded) per message sent, ms. */
  readonly cpuMsPerMessage: number
  /** PSI "some" CPU pressure on the machine during the run, % of the time. */
  readonly cpuPressurePct: number
  readonly extra?: Readonly<Record<string, unknown>>
}

export const rateLabel = (rate: number) => (rate === 0 ? 'unpaced' : `${rate}/s`)

/**
 * CPU ms one receiving node spent per message sent: node 3 of each stack (`node3` in (a) and (c),
 * `p2p3`, its apps/p2p process, in (b)). The capacity of one node, whatever else the machine runs.
 */
export function receiverCpuMsPerMessage(run: GossipRunResult): number {
  const usage = run.usage.p2p3 ?? run.usage.node3
  return usage === undefined || run.sent === 0 ? Number.NaN : (1000 * usage.cpuSeconds) / run.sent
}

export function summariseRun(
  rate: number,
  send: SendReport,
  receivers: readonly ReceiverReport[],
  sampler: { usage: Readonly<Record<string, ProcUsage>>; pressurePct: number },
  extra?: Readonly<Record<string, unknown>>,
): GossipRunResult {
  const sendSeconds = (send.endWallMs - send.startWallMs) / 1000
  const meanUnique = receivers.reduce((sum, r) => sum + r.unique, 0) / Math.max(1, receivers.length)
  // Received per second: over the sending window, or over the arrivals if they took longer
  // (a receiver that falls behind stretches them out, whatever the latency to the first message).
  const receiveSeconds = Math.max(...receivers.map((r) => (r.lastArrivalMs - r.firstArrivalMs) / 1000))
  const windowSeconds = Math.max(sendSeconds, receiveSeconds)
  const all: number[] = []
  for (const r of receivers) for (let i = 0; i < r.latencies.length; i++) all.push(r.latencies[i] as number)
  const pct = (n: number) => (send.sent === 0 ? 0 : round((100 * n) / send.sent, 2))
  return {
    rate,
    label: rateLabel(rate),
    durationS: round(sendSeconds, 2),
    sent: send.sent,
    sendFailures: send.failed,
    sendRate: round(send.sent / Math.max(sendSeconds, 1e-9)),
    deliveredPct: pct(meanUnique),
    throughput: round(meanUnique / Math.max(windowSeconds, 1e-9)),
    latency: summarize(all),
    receivers: Object.fromEntries(
      receivers.map((r) => [r.name, { deliveredPct: pct(r.unique), latency: summarize(r.latencies) }]),
    ),
    usage: sampler.usage,
    cpuMsPerMessage: round(
      (1000 * Object.values(sampler.usage).reduce((sum, u) => sum + (u.cpuSeconds || 0), 0)) /
        Math.max(1, send.sent),
      2,
    ),
    cpuPressurePct: sampler.pressurePct,
    ...(extra === undefined ? {} : { extra }),
  }
}

/**
 * Waits until every receiver has `expected` messages, or nothing new arrived for `quietMs`
 * (the rest is lost), or `maxMs` passed.
 */
export async function drain(
  counts: () => Promise<readonly number[]>,
  expected: number,
  quietMs = 2_000,
  maxMs = 20_000,
  everyMs = 50,
): Promise<void> {
  const started = Date.now()
  let last = -1
  let lastChange = Date.now()
  for (;;) {
    const now = await counts()
    if (now.every((c) => c >= expected)) return
    const total = now.reduce((a, b) => a + b, 0)
    if (total !== last) {
      last = total
      lastChange = Date.now()
    }
    if (Date.now() - lastChange > quietMs || Date.now() - started > maxMs) return
    await sleep(everyMs)
  }
}
