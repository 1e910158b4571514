import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchLogged } from '../lib/children.js'
import { P2P_MAIN } from '../lib/paths.js'
import { ProcSampler, type ProcUsage, readProc } from '../lib/proc-stats.js'
import { round } from '../lib/stats.js'
import { sleep } from '../lib/time.js'

export interface IdleResult {
  readonly seconds: number
  readonly startupMs: number
  readonly rssAtStartMb: number
  readonly usage: ProcUsage
  readonly cpuPressurePct: number
  readonly stopMs: number
  readonly exitCode: number | null
}

/**
 * One apps/p2p process as `pnpm start` runs it (embedded simulated chain on its defaults: a
 * subtree a second, a block every 10 s), with no peers and no websocket clients, left alone.
 */
export async function runIdle(durationMs: number): Promise<IdleResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'p2p-bench-idle-'))
  const began = performance.now()
  const node = launchLogged('idle-p2p', P2P_MAIN, {
    p2p_ip: '127.0.0.1',
    p2p_port: '0',
    p2p_httpListenAddress: '127.0.0.1:0',
    p2p_peer_cache_dir: dataDir,
    logLevel: 'INFO',
  })
  try {
    await node.waitForLog('p2p service started')
    const startupMs = performance.now() - began
    const rssAtStartMb = readProc(node.pid)?.rssMb ?? Number.NaN
    await sleep(1_000)
    const sampler = new ProcSampler({ pids: { node: node.pid }, intervalMs: 500 }).start()
    await sleep(durationMs)
    const usage = sampler.stop().node as ProcUsage
    const cpuPressurePct = sampler.pressurePct
    const stopping = performance.now()
    const exitCode = await node.stop()
    return {
      seconds: durationMs / 1000,
      startupMs: round(startupMs, 0),
      rssAtStartMb: round(rssAtStartMb),
      usage,
      cpuPressurePct,
      stopMs: round(performance.now() - stopping, 0),
      exitCode,
    }
  } finally {
    await node.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
