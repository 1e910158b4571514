import type { FanoutPhase, FanoutResult } from '../fanout/fanout-scenario.js'
import { round } from '../lib/stats.js'
import { ms, type Table } from './format.js'

export function fanoutTable(runs: readonly FanoutResult[]): Table {
  return {
    title: 'Websocket fan-out: ~1 KB notifications; burst for throughput, then 50/s paced for latency',
    headers: [
      'server',
      'clients',
      'stalled',
      'burst',
      'notif/s to all',
      'frames/s',
      'delivered %',
      'p50 ms',
      'p99 ms',
      'max ms',
      'CPU % srv',
      'RSS MB srv',
      'CPU pressure %',
      'server notes',
    ],
    rows: runs.map((r) => [
      r.server,
      r.clients,
      { none: 'no', stalled: 'yes', after: 'no (after)' }[r.phase],
      r.burst,
      r.notificationsPerSecond,
      r.deliveriesPerSecond,
      Math.min(r.burstDeliveredPct, r.pacedDeliveredPct),
      ms(r.latency.p50),
      ms(r.latency.p99),
      ms(r.latency.max),
      round(r.usage.server?.cpuPercent ?? Number.NaN, 0),
      round(r.usage.server?.rssMaxMb ?? Number.NaN, 0),
      r.cpuPressurePct,
      JSON.stringify(r.serverStats).replaceAll('"', ''),
    ]),
  }
}

export function fanoutComparison(runs: readonly FanoutResult[]) {
  const find = (server: string, n: number, phase: FanoutPhase) =>
    runs.find((r) => r.server === server && r.clients === n && r.phase === phase)
  return [...new Set(runs.map((r) => r.clients))].map((n) => {
    const face = find('HttpFace', n, 'none')
    const raw = find('raw ws', n, 'none')
    const faceStalled = find('HttpFace', n, 'stalled')
    const rawStalled = find('raw ws', n, 'stalled')
    const change = (a?: FanoutResult, b?: FanoutResult) =>
      a && b ? round((100 * (b.latency.p99 - a.latency.p99)) / a.latency.p99, 0) : Number.NaN
    return {
      clients: n,
      ratio: face && raw ? round(face.notificationsPerSecond / raw.notificationsPerSecond, 2) : Number.NaN,
      face,
      raw,
      faceStallChangePct: change(face, faceStalled),
      rawStallChangePct: change(raw, rawStalled),
      faceStalled,
      rawStalled,
      faceAfter: find('HttpFace', n, 'after'),
      rawAfter: find('raw ws', n, 'after'),
    }
  })
}

export function fanoutRatioTable(runs: readonly FanoutResult[]): Table {
  return {
    title: 'Fan-out: HttpFace against raw ws, and what one stalled client does to the others',
    headers: [
      'clients',
      'HttpFace/raw notif/s',
      'HttpFace p99',
      '+stalled p99',
      'change %',
      'after p99',
      'raw p99',
      '+stalled p99',
      'change %',
      'after p99',
    ],
    rows: fanoutComparison(runs).map((c) => [
      c.clients,
      c.ratio,
      ms(c.face?.latency.p99 ?? Number.NaN),
      ms(c.faceStalled?.latency.p99 ?? Number.NaN),
      c.faceStallChangePct,
      ms(c.faceAfter?.latency.p99 ?? Number.NaN),
      ms(c.raw?.latency.p99 ?? Number.NaN),
      ms(c.rawStalled?.latency.p99 ?? Number.NaN),
      c.rawStallChangePct,
      ms(c.rawAfter?.latency.p99 ?? Number.NaN),
    ]),
  }
}
