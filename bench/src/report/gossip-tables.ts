import type { GossipRunResult } from '../gossip/gossip-run.js'
import { ms, slash, type Table } from './format.js'

/** A paced rate the bare library sustains: (almost) everything delivered at (about) the offered rate. */
export function sustained(run: GossipRunResult): boolean {
  return run.rate > 0 && run.deliveredPct >= 99 && run.throughput >= 0.95 * run.rate
}

/** One figure of three processes, as "a/b/c". */
function trio(r: GossipRunResult, names: readonly string[], field: 'cpuPercent' | 'rssMaxMb'): string {
  return slash(...names.map((name) => r.usage[name]?.[field] ?? Number.NaN))
}

/** The three processes of (a) and of (c). */
const NODES = ['node1', 'node2', 'node3'] as const
const P2P = ['p2p1', 'p2p2', 'p2p3'] as const
const DEV = ['dev1', 'dev2', 'dev3'] as const

/** The columns every gossip table starts with: what was offered, what arrived, how fast. */
const DELIVERY_HEADERS = ['rate', 'sent/s', 'delivered %', 'recv msg/s', 'p50 ms', 'p99 ms', 'max ms']

function deliveryCells(r: GossipRunResult) {
  return [
    r.label,
    r.sendRate,
    r.deliveredPct,
    r.throughput,
    ms(r.latency.p50),
    ms(r.latency.p99),
    ms(r.latency.max),
  ]
}

/** A library baseline's three processes: (a) js-libp2p, (c) go-libp2p. */
function trioTable(title: string, runs: readonly GossipRunResult[]): Table {
  return {
    title,
    headers: [...DELIVERY_HEADERS, 'CPU % n1/n2/n3', 'CPU ms/msg', 'RSS MB n1/n2/n3', 'CPU pressure %'],
    rows: runs.map((r) => [
      ...deliveryCells(r),
      trio(r, NODES, 'cpuPercent'),
      r.cpuMsPerMessage,
      trio(r, NODES, 'rssMaxMb'),
      r.cpuPressurePct,
    ]),
  }
}

export const bareTable = (runs: readonly GossipRunResult[]) =>
  trioTable('Gossip (a): bare libp2p 3, three processes, 1 KB messages, node 1 → nodes 2 and 3', runs)

export function refTable(runs: readonly GossipRunResult[]): Table {
  const stack = (runs[0]?.extra as { stack?: string } | undefined)?.stack ?? 'go-libp2p'
  return trioTable(
    `Gossip (c): the Go reference's stack (${stack}), three refpeer processes, 1 KB messages, node 1 → nodes 2 and 3`,
    runs,
  )
}

interface StageExtra {
  readonly step: string
  readonly latency: { readonly count: number; readonly p50: number; readonly p99: number }
}

/**
 * Where the time of a sampled message goes, step by step, at each rate: p50 / p99 ms over the
 * messages traced (the count is the smallest over the runs). A step that waits in a queue grows
 * with the rate while its CPU does not.
 */
export function stagesTable(runs: readonly GossipRunResult[], profile: 'spec2024' | 'teranode'): Table {
  const stagesOf = (r: GossipRunResult) => ((r.extra ?? {}) as { stages?: StageExtra[] }).stages ?? []
  const steps = stagesOf(runs[0] as GossipRunResult).map((s) => s.step)
  const cell = (r: GossipRunResult, step: string) => {
    const found = stagesOf(r).find((s) => s.step === step)?.latency
    return found === undefined || found.count === 0 ? '–' : `${ms(found.p50)} / ${ms(found.p99)}`
  }
  return {
    title: `Where the time goes (${profile}): each step of a sampled subtree, p50 / p99 ms, per rate`,
    headers: ['step', ...runs.map((r) => r.label), 'messages'],
    rows: steps.map((step) => [
      step,
      ...runs.map((r) => cell(r, step)),
      Math.min(...runs.map((r) => stagesOf(r).find((s) => s.step === step)?.latency.count ?? 0)),
    ]),
  }
}

interface ServiceExtra {
  readonly handoffsOk?: number[]
  readonly validationLatency?: { p99: number }
  readonly node1Echo?: { latency: { p99: number } }
  readonly bans?: number
}

export function serviceTable(runs: readonly GossipRunResult[], profile: 'spec2024' | 'teranode'): Table {
  const name = profile === 'teranode' ? "(b′) on today's networks' teranode wire" : "(b) on the spec's wire"
  return {
    title: `Gossip ${name}: whole service, three apps/p2p + three dev-services; chain event at node 1 → websocket at nodes 2 and 3`,
    headers: [
      ...DELIVERY_HEADERS,
      'node 3 p99',
      'node 1 echo p99',
      'validated % n2/n3',
      'validation p99 (sampled)',
      'CPU % p2p n1/n2/n3',
      'CPU % dev-services',
      'CPU ms/msg',
      'RSS MB p2p n1/n2/n3',
      'CPU pressure %',
      'bans',
    ],
    rows: runs.map((r) => {
      const extra = (r.extra ?? {}) as ServiceExtra
      return [
        ...deliveryCells(r),
        ms(r.receivers['peer3 ws']?.latency.p99 ?? Number.NaN),
        ms(extra.node1Echo?.latency.p99 ?? Number.NaN),
        slash(...(extra.handoffsOk ?? []).map((n) => (100 * n) / Math.max(1, r.sent))),
        ms(extra.validationLatency?.p99 ?? Number.NaN),
        trio(r, P2P, 'cpuPercent'),
        trio(r, DEV, 'cpuPercent'),
        r.cpuMsPerMessage,
        trio(r, P2P, 'rssMaxMb'),
        r.cpuPressurePct,
        extra.bans ?? 0,
      ]
    }),
  }
}
