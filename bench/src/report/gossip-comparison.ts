import { type GossipRunResult, receiverCpuMsPerMessage } from '../gossip/gossip-run.js'
import type { Cell } from '../lib/table.js'
import { ms, type Table } from './format.js'
import type { BenchResults } from './results.js'

type Gossip = NonNullable<BenchResults['gossip']>

/**
 * The highest paced rate a stack sustains: every message to both receivers, at ≥ 95 % of the
 * offered rate. The plan's rates bracket it, so it is a bound when the top rate is sustained
 * ('atLeast') or none is ('below': under the lowest).
 */
export interface Knee {
  readonly rate: number
  readonly bound: 'exact' | 'atLeast' | 'below'
}

const keepsUp = (r: GossipRunResult) => r.rate > 0 && r.deliveredPct >= 100 && r.throughput >= 0.95 * r.rate

export function knee(runs: readonly GossipRunResult[]): Knee | undefined {
  const paced = runs.filter((r) => r.rate > 0).map((r) => r.rate)
  if (paced.length === 0) return undefined
  const held = runs.filter(keepsUp).map((r) => r.rate)
  if (held.length === 0) return { rate: Math.min(...paced), bound: 'below' }
  const rate = Math.max(...held)
  return { rate, bound: rate === Math.max(...paced) ? 'atLeast' : 'exact' }
}

export function kneeLabel(k: Knee | undefined): string {
  if (k === undefined) return '–'
  return `${{ exact: '', atLeast: '≥ ', below: '< ' }[k.bound]}${k.rate}/s`
}

/**
 * x/y of two knees. A bound carries over (≥ over exact is ≥); two knees bounded the same way (both
 * held the top rate, or neither held the lowest) have no ratio the plan can tell.
 */
export function kneeRatio(x: Knee | undefined, y: Knee | undefined): Cell {
  if (x === undefined || y === undefined) return undefined
  if (x.bound !== 'exact' && x.bound === y.bound)
    return x.bound === 'atLeast' ? 'both ≥ top rate' : 'both < lowest rate'
  const value = (x.rate / y.rate).toFixed(2)
  if (x.bound === 'atLeast' || y.bound === 'below') return `≥ ${value}`
  if (x.bound === 'below' || y.bound === 'atLeast') return `≤ ${value}`
  return value
}

/**
 * x/y to two decimals (as text: the tables print numbers to one), or undefined (a dash) when
 * either side is missing.
 */
export function ratio(x: number | undefined, y: number | undefined): string | undefined {
  return x === undefined || y === undefined || !Number.isFinite(x) || !(y > 0)
    ? undefined
    : (x / y).toFixed(2)
}

const FIGURES: ReadonlyArray<readonly [string, (r: GossipRunResult) => number]> = [
  ['recv msg/s', (r) => r.throughput],
  ['CPU ms/msg', (r) => r.cpuMsPerMessage],
  ['CPU ms/msg at node 3', (r) => Math.round(receiverCpuMsPerMessage(r) * 100) / 100],
  ['p99 ms', (r) => ms(r.latency.p99)],
]

/** The three stacks side by side at each rate, with the ratios, then their knees. */
export function comparisonTable(gossip: Gossip): Table {
  const stacks = [gossip.bare, gossip.service, gossip.serviceTeranode, gossip.ref]
  const rates = [...new Set(stacks.flatMap((runs) => runs.map((r) => r.rate)))]
  const rows: Cell[][] = []
  for (const rate of rates) {
    const [a, b, t, c] = stacks.map((runs) => runs.find((r) => r.rate === rate))
    FIGURES.forEach(([figure, get], i) => {
      const [va, vb, vt, vc] = [a, b, t, c].map((r) => (r === undefined ? undefined : get(r)))
      rows.push([
        i === 0 ? (a ?? b ?? t ?? c)?.label : '',
        figure,
        va,
        vb,
        vt,
        vc,
        ratio(vb, va),
        ratio(vt, va),
        ratio(vb, vc),
        ratio(va, vc),
      ])
    })
  }
  const [ka, kb, kt, kc] = stacks.map(knee)
  rows.push([
    'knee',
    'paced, all delivered',
    kneeLabel(ka),
    kneeLabel(kb),
    kneeLabel(kt),
    kneeLabel(kc),
    kneeRatio(kb, ka),
    kneeRatio(kt, ka),
    kneeRatio(kb, kc),
    kneeRatio(ka, kc),
  ])
  return {
    title:
      "Gossip (a), (b), (b′), (c) side by side: js-libp2p, the whole service on the spec's and on the teranode wire, go-libp2p, and their ratios",
    headers: [
      'rate',
      'figure',
      '(a) js-libp2p',
      '(b) service spec2024',
      '(b′) service teranode',
      '(c) go-libp2p',
      '(b)/(a)',
      '(b′)/(a)',
      '(b)/(c)',
      '(a)/(c)',
    ],
    rows,
  }
}
