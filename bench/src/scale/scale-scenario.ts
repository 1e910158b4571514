import { BenchChild } from '../lib/ipc.js'
import { benchScript } from '../lib/paths.js'
import type { LatencySummary } from '../lib/stats.js'

export interface ScalePlan {
  readonly sizes: readonly number[]
  readonly blocks: number
  readonly meshTimeoutMs: number
}

export interface ScaleResult {
  readonly size: number
  readonly startMs: number
  /** From the start of nodes 2..N until every topic mesh spans every node; null = not within the timeout. */
  readonly spanningMs: number | null
  /** … until every node has ≥ Dlo (2) mesh peers on every topic. */
  readonly healthyMs: number | null
  readonly minMeshDegree: number
  readonly maxMeshDegree: number
  readonly connectionsPerNode: number
  /** Publish → arrival at each other node, ms. */
  readonly propagation: LatencySummary
  /** Publish → arrival at the last node, per block, ms. */
  readonly toAll: LatencySummary
  /** The same, block by block, in publishing order. */
  readonly toAllSeries: readonly number[]
  /** Once a second until meshed: the lowest mesh degree, mean connections per node, spanning yet. */
  readonly timeline: ReadonlyArray<{ s: number; minMesh: number; conns: number; spanning: boolean }>
  readonly blocks: number
  readonly missing: number
  readonly rssMb: number
  readonly warnings: number
  readonly firstWarnings: readonly string[]
  /** What the networks logged (debug included), by message, most frequent first. */
  readonly logCounts: Readonly<Record<string, number>>
}

/** One child process per network size, so each starts clean and is surely gone afterwards. */
export async function runScale(plan: ScalePlan): Promise<ScaleResult[]> {
  const results: ScaleResult[] = []
  for (const size of plan.sizes) {
    const child = new BenchChild({ name: `scale-${size}`, script: benchScript('scale/scale-child.js') })
    try {
      await child.ready
      results.push(
        await child.call<ScaleResult>(
          'run',
          { size, blocks: plan.blocks, meshTimeoutMs: plan.meshTimeoutMs },
          plan.meshTimeoutMs + plan.blocks * 6_000 + 60_000,
        ),
      )
    } finally {
      await child.stop()
    }
  }
  return results
}
