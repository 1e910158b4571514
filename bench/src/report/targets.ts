import { type GossipRunResult, receiverCpuMsPerMessage } from '../gossip/gossip-run.js'
import { round } from '../lib/stats.js'
import type { Cell } from '../lib/table.js'
import { fanoutComparison } from './fanout-tables.js'
import type { Table } from './format.js'
import { knee, kneeLabel, kneeRatio, ratio } from './gossip-comparison.js'
import { sustained } from './gossip-tables.js'
import type { BenchResults } from './results.js'

/** 'stated': a comparison the report gives without a line to meet. */
type Status = 'met' | 'missed' | 'stated' | 'not measured'

interface Target {
  readonly target: string
  readonly measured: string
  readonly status: Status
}

const status = (ok: boolean | undefined): Status =>
  ok === undefined ? 'not measured' : ok ? 'met' : 'missed'

/** Where the figures stand against the targets. Reported, never asserted. */
export function targetsOf(results: BenchResults): Target[] {
  const targets: Target[] = []
  const gossip = results.gossip
  const paced = (gossip?.bare ?? []).filter(
    (a) => sustained(a) && gossip?.service.some((s) => s.rate === a.rate),
  )
  const ratios = paced.map((a) => {
    const b = gossip?.service.find((s) => s.rate === a.rate)
    const banned = ((b?.extra as { bans?: number } | undefined)?.bans ?? 0) > 0
    return { rate: a.rate, ratio: b === undefined ? Number.NaN : b.throughput / a.throughput, banned }
  })
  targets.push({
    target: '(b)/(a) throughput ≥ 0.9 at every paced rate the bare library sustains',
    measured:
      ratios.length === 0
        ? '–'
        : ratios
            .map((r) => `${r.rate}/s: ${round(r.ratio, 2)}${r.banned ? ' (node 1 banned)' : ''}`)
            .join(', '),
    status: status(ratios.length === 0 ? undefined : ratios.every((r) => r.ratio >= 0.9)),
  })
  const perNode = paced.map((a) => {
    const b = gossip?.service.find((s) => s.rate === a.rate) as GossipRunResult
    return { rate: a.rate, a: receiverCpuMsPerMessage(a), b: receiverCpuMsPerMessage(b) }
  })
  targets.push({
    target:
      "(b) CPU ms per message at a receiving node ≤ (a)'s, at every paced rate the bare library sustains",
    measured:
      perNode.length === 0
        ? '–'
        : perNode.map((r) => `${r.rate}/s: (b) ${round(r.b, 2)} vs (a) ${round(r.a, 2)}`).join(', '),
    status: status(perNode.length === 0 ? undefined : perNode.every((r) => r.b <= r.a)),
  })
  const at500 = gossip?.service.find((s) => s.rate === 500)?.receivers['peer3 ws']?.latency.p99
  targets.push({
    target: 'chain event at node 1 → websocket at node 3: p99 ≤ 25 ms at 500 msg/s',
    measured: at500 === undefined ? '–' : `${round(at500, 1)} ms`,
    status: status(at500 === undefined ? undefined : at500 <= 25),
  })
  targets.push(againstReference(gossip))
  const fan = results.fanout === undefined ? [] : fanoutComparison(results.fanout)
  const at1000 = fan.find((c) => c.clients === 1_000)
  targets.push({
    target: 'fan-out ≥ 80 % of raw ws at 1,000 clients',
    measured: at1000 === undefined ? '–' : `${round(100 * at1000.ratio, 0)} %`,
    status: status(at1000 === undefined || !Number.isFinite(at1000.ratio) ? undefined : at1000.ratio >= 0.8),
  })
  const stall = fan.filter((c) => Number.isFinite(c.faceStallChangePct))
  targets.push({
    target: "one stalled client raises the others' p99 by < 10 % (HttpFace)",
    measured:
      stall
        .map((c) => `${c.clients} clients: ${c.faceStallChangePct > 0 ? '+' : ''}${c.faceStallChangePct} %`)
        .join(', ') || '–',
    status: status(stall.length === 0 ? undefined : stall.every((c) => c.faceStallChangePct < 10)),
  })
  const idle = results.idle?.usage.rssMaxMb
  targets.push({
    target: 'idle RSS ≤ 120 MB',
    measured: idle === undefined ? '–' : `${round(idle, 0)} MB max`,
    status: status(idle === undefined ? undefined : idle <= 120),
  })
  if (results.soak !== undefined) {
    const slopes = results.soak.nodes.map((n) => n.slopeMbPerMin)
    targets.push({
      target: 'soak: RSS slope ≈ 0 (|slope| ≤ 0.5 MB/min per node after the first minute)',
      measured: slopes.map((s) => `${s} MB/min`).join(', '),
      status: status(slopes.every((s) => Math.abs(s) <= 0.5)),
    })
  }
  const processes = results.processMesh?.find((m) => m.size === 20)
  targets.push({
    target:
      '20 nodes as separate processes: every one ≥ D_lo mesh peers on every topic within 10 s of the last start',
    measured:
      processes === undefined
        ? '–'
        : processes.meshedMs === null
          ? `not within the wait (fewest mesh peers ${processes.minMeshPeers})`
          : `${round(processes.meshedMs / 1000, 2)} s`,
    status: status(
      processes === undefined ? undefined : processes.meshedMs !== null && processes.meshedMs <= 10_000,
    ),
  })
  targets.push({
    target: 'idle RSS ≤ 100 MB per node (20 processes, meshed)',
    measured:
      processes === undefined
        ? '–'
        : `${round(processes.rssMeanMb, 0)} MB mean, ${round(processes.rssMaxMb, 0)} MB max`,
    status: status(processes === undefined ? undefined : processes.rssMaxMb <= 100),
  })
  const twenty = results.scale?.find((s) => s.size === 20)
  targets.push({
    target: '20 nodes meshed within 10 s (one process)',
    measured:
      twenty === undefined
        ? '–'
        : twenty.spanningMs === null
          ? 'not meshed in time'
          : `${round(twenty.spanningMs / 1000, 2)} s`,
    status: status(
      twenty === undefined ? undefined : twenty.spanningMs !== null && twenty.spanningMs <= 10_000,
    ),
  })
  return targets
}

export function targetsTable(results: BenchResults): Table {
  return {
    title: 'Targets (reported, not asserted)',
    headers: ['target', 'measured', 'status'],
    rows: targetsOf(results).map((t): Cell[] => [t.target, t.measured, t.status]),
  }
}

/** (b) and (a) against the Go reference's stack (c): stated, since the machine sets the figures. */
function againstReference(gossip: BenchResults['gossip']): Target {
  const target = 'against (c): ratio of knees and of CPU per message, stated'
  if (gossip === undefined || gossip.ref.length === 0)
    return { target, measured: '–', status: 'not measured' }
  const [ka, kb, kc] = [gossip.bare, gossip.service, gossip.ref].map(knee)
  const knees = `knees ${[ka, kb, kc].map(kneeLabel).join(' / ')} (a/b/c): (b)/(c) ${kneeRatio(kb, kc) ?? '–'}, (a)/(c) ${kneeRatio(ka, kc) ?? '–'}`
  const cpu = (of: readonly GossipRunResult[]) =>
    gossip.ref
      .filter((c) => c.rate > 0)
      .map(
        (c) =>
          `${c.label} ${ratio(of.find((r) => r.rate === c.rate)?.cpuMsPerMessage, c.cpuMsPerMessage) ?? '–'}`,
      )
      .join(', ')
  return {
    target,
    measured: `${knees}; CPU ms/msg (b)/(c) ${cpu(gossip.service)}; (a)/(c) ${cpu(gossip.bare)}`,
    status: 'stated',
  }
}
