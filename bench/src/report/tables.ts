import { round } from '../lib/stats.js'
import { fanoutRatioTable, fanoutTable } from './fanout-tables.js'
import { ms, type Table } from './format.js'
import { comparisonTable } from './gossip-comparison.js'
import { bareTable, refTable, serviceTable, stagesTable } from './gossip-tables.js'
import type { BenchResults } from './results.js'

export type { Table } from './format.js'

export function tablesOf(results: BenchResults): Table[] {
  const tables: Table[] = []
  const gossip = results.gossip
  if (gossip) {
    // A part left out with --only gets no table of its own, but its column in the comparison.
    if (gossip.bare.length > 0) tables.push(bareTable(gossip.bare))
    if (gossip.service.length > 0)
      tables.push(serviceTable(gossip.service, 'spec2024'), stagesTable(gossip.service, 'spec2024'))
    if (gossip.serviceTeranode.length > 0)
      tables.push(
        serviceTable(gossip.serviceTeranode, 'teranode'),
        stagesTable(gossip.serviceTeranode, 'teranode'),
      )
    if (gossip.ref.length > 0) tables.push(refTable(gossip.ref))
    tables.push(comparisonTable(gossip))
  }
  if (results.fanout) tables.push(fanoutTable(results.fanout), fanoutRatioTable(results.fanout))
  if (results.scale) {
    tables.push({
      title: 'Scale: N Libp2pPeerNetwork instances in one process, all bootstrapping from node 1',
      headers: [
        'nodes',
        'mesh spans all (s)',
        'all ≥ Dlo (s)',
        'mesh degree',
        'conns/node',
        'p50 ms',
        'p99 ms',
        'max ms',
        'to-all p99 ms',
        'missing',
        'RSS MB',
      ],
      rows: results.scale.map((s) => [
        s.size,
        s.spanningMs === null ? 'not met' : round(s.spanningMs / 1000, 2),
        s.healthyMs === null ? 'not met' : round(s.healthyMs / 1000, 2),
        `${s.minMeshDegree}–${s.maxMeshDegree}`,
        s.connectionsPerNode,
        ms(s.propagation.p50),
        ms(s.propagation.p99),
        ms(s.propagation.max),
        ms(s.toAll.p99),
        s.missing,
        round(s.rssMb, 0),
      ]),
    })
  }
  if (results.soak) {
    const soak = results.soak
    tables.push({
      title: `Soak: the whole service (b) at ${soak.rate}/s for ${soak.minutes} min; ${soak.sent} subtrees, ${soak.deliveredPct} % delivered to nodes 2 and 3`,
      headers: [
        'node',
        'RSS start MB',
        'RSS end MB',
        'RSS max MB',
        'RSS slope MB/min',
        'heap used end MB',
        'heap used slope MB/min',
      ],
      rows: soak.nodes.map((n) => [
        n.name,
        n.rssStartMb,
        n.rssEndMb,
        n.rssMaxMb,
        n.slopeMbPerMin,
        n.heapUsedEndMb,
        n.heapSlopeMbPerMin,
      ]),
    })
  }
  if (results.processMesh) {
    tables.push({
      title:
        'Mesh formation: N apps/p2p processes on their embedded chains, all bootstrapping from node 1 (PSK network)',
      headers: [
        'nodes',
        'all started (s)',
        'all ≥ D_lo on every topic (s after the last start)',
        'fewest mesh peers',
        'RSS MB mean / max',
        'warnings',
      ],
      rows: results.processMesh.map((m) => [
        m.size,
        round(m.startAllMs / 1000, 1),
        m.meshedMs === null ? 'not met' : round(m.meshedMs / 1000, 2),
        m.minMeshPeers,
        `${round(m.rssMeanMb, 0)} / ${round(m.rssMaxMb, 0)}`,
        m.warnings,
      ]),
    })
  }
  if (results.idle) {
    const i = results.idle
    tables.push({
      title: 'Idle: one apps/p2p (embedded chain on its defaults, no peers, no clients)',
      headers: [
        'seconds',
        'startup ms',
        'RSS at start MB',
        'RSS mean MB',
        'RSS max MB',
        'CPU %',
        'stop ms',
        'CPU pressure %',
        'exit',
      ],
      rows: [
        [
          i.seconds,
          i.startupMs,
          i.rssAtStartMb,
          round(i.usage.rssMeanMb),
          round(i.usage.rssMaxMb),
          round(i.usage.cpuPercent, 2),
          i.stopMs,
          i.cpuPressurePct,
          String(i.exitCode),
        ],
      ],
    })
  }
  return tables
}
