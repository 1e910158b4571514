import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SPEC2024_KINDS } from '@p2p/domain'
import { type LoggedProcess, launchLogged } from '../lib/children.js'
import { LocalHttp, metricValue } from '../lib/http-client.js'
import { P2P_MAIN } from '../lib/paths.js'
import { readProc } from '../lib/proc-stats.js'
import { sleep } from '../lib/time.js'

/** Gossipsub's D_lo in our mesh options: fewer mesh peers than this on a topic is under-connected. */
const D_LO = 2
const SHARED_KEY = '5c'.repeat(32)

export interface ProcessMeshPlan {
  readonly sizes: readonly number[]
  readonly meshTimeoutMs: number
  /** How long the meshed network idles before its memory is read. */
  readonly idleMs: number
}

export interface ProcessMeshResult {
  readonly size: number
  /** From the first start to the last node's "p2p service started". */
  readonly startAllMs: number
  /** From the last start until every node has ≥ D_lo mesh peers on every topic; null = not within the timeout. */
  readonly meshedMs: number | null
  /** The fewest mesh peers any node had on any topic when the wait ended. */
  readonly minMeshPeers: number
  readonly rssMeanMb: number
  readonly rssMaxMb: number
  readonly warnings: number
  readonly firstWarnings: readonly string[]
}

/**
 * Mesh formation with every node a separate apps/p2p process on its embedded chain (quiet: a
 * block a minute, a subtree every 10 s), as operators run them: node 1 first, the others
 * bootstrapping from it in one PSK network, then the time until every node has at least D_lo
 * mesh peers on every topic (read from each node's `p2p_mesh_peers`), and each node's memory
 * once the network has idled.
 */
export async function runProcessMesh(plan: ProcessMeshPlan): Promise<ProcessMeshResult[]> {
  const results: ProcessMeshResult[] = []
  for (const size of plan.sizes) results.push(await meshOf(size, plan))
  return results
}

async function meshOf(size: number, plan: ProcessMeshPlan): Promise<ProcessMeshResult> {
  const dataRoot = await mkdtemp(join(tmpdir(), 'p2p-mesh-'))
  const processes: LoggedProcess[] = []
  const clients: LocalHttp[] = []
  try {
    const began = performance.now()
    let bootstrap = ''
    for (let i = 0; i < size; i++) {
      const dataDir = await mkdtemp(join(dataRoot, `n${i + 1}-`))
      const process = launchLogged(`mesh${i + 1}`, P2P_MAIN, {
        p2p_ip: '127.0.0.1',
        p2p_port: '0',
        p2p_httpListenAddress: '127.0.0.1:0',
        p2p_dht_use_private: 'true',
        p2p_shared_key: SHARED_KEY,
        p2p_topic_prefix: 'bench.mesh',
        p2p_bootstrapAddresses: bootstrap,
        p2p_peer_cache_dir: dataDir,
        p2p_allow_private_ips: 'true',
        asset_httpAddress: `http://mesh${i + 1}.bench.example:8090/api/v1`,
        sim_block_interval_ms: '60000',
        sim_subtree_interval_ms: '10000',
        sim_rejected_tx_interval_ms: '0',
        logLevel: 'INFO',
      })
      // Kept at once: a node that never logs its start is still stopped at the end.
      processes.push(process)
      const started = await process.waitForLog('p2p service started', 60_000)
      const address = (started.addresses as string[]).find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'))
      if (i === 0) bootstrap = address ?? ''
      clients.push(new LocalHttp(started.httpPort as number, 1))
    }
    const lastStart = performance.now()
    const startAllMs = lastStart - began
    let meshedMs: number | null = null
    let minMeshPeers = 0
    while (performance.now() - lastStart < plan.meshTimeoutMs) {
      minMeshPeers = Math.min(...(await Promise.all(clients.map(fewestMeshPeers))))
      if (minMeshPeers >= D_LO) {
        meshedMs = performance.now() - lastStart
        break
      }
      await sleep(200)
    }
    await sleep(plan.idleMs)
    const rss = processes.map((p) => readProc(p.pid)?.rssMb ?? Number.NaN)
    return {
      size,
      startAllMs,
      meshedMs,
      minMeshPeers,
      rssMeanMb: rss.reduce((a, b) => a + b, 0) / rss.length,
      rssMaxMb: Math.max(...rss),
      warnings: processes.reduce((sum, p) => sum + p.warnings, 0),
      firstWarnings: processes.flatMap((p) => p.problems).slice(0, 5),
    }
  } finally {
    for (const client of clients) client.close()
    await Promise.all(processes.map((p) => p.stop()))
    await rm(dataRoot, { recursive: true, force: true })
  }
}

/** The fewest mesh peers this node has on any topic; 0 while it cannot be asked. */
async function fewestMeshPeers(node: LocalHttp): Promise<number> {
  try {
    const exposition = await node.text('GET', '/metrics', 5_000)
    return Math.min(
      ...SPEC2024_KINDS.map((kind) => metricValue(exposition, 'p2p_mesh_peers', { topic: kind })),
    )
  } catch {
    return 0
  }
}
