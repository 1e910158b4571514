import type { FanoutPlan } from './fanout/fanout-scenario.js'
import type { GossipPlan } from './gossip/gossip-run.js'
import type { ProcessMeshPlan } from './scale/process-mesh.js'
import type { ScalePlan } from './scale/scale-scenario.js'

export interface BenchPlan {
  readonly mode: 'quick' | 'full'
  readonly gossip: GossipPlan
  readonly fanout: FanoutPlan
  readonly scale: ScalePlan
  readonly processMesh: ProcessMeshPlan
  readonly idleMs: number
}

/**
 * Loopback absorbs about 3.9 MB towards a socket that does not read (kernel send and receive
 * buffers); 4,608 notifications of ~1 KB leave the stalled client ~0.6 MB behind in the
 * server's own buffers when its phase starts, under the HttpFace's 1 MiB eviction bound.
 */
const FLOOD = 4_608

export const FULL: BenchPlan = {
  mode: 'full',
  gossip: {
    rates: [100, 500, 1_000, 1_500, 0],
    durationMs: 10_000,
    warmupMs: 2_000,
    handoffDrainMs: 15_000,
    // 1 in 20: a few hundred traced messages per run, at a cost the figures do not show.
    traceSampleRate: 0.05,
  },
  fanout: {
    clients: [10, 100, 1_000],
    burst: (n) => (n >= 1_000 ? { count: 300, rounds: 1 } : { count: 1_000, rounds: n >= 100 ? 2 : 10 }),
    latencyRate: 50,
    latencyMs: 3_000,
    control: true,
    floodCount: FLOOD,
  },
  scale: { sizes: [5, 10, 20], blocks: 20, meshTimeoutMs: 60_000 },
  processMesh: { sizes: [20], meshTimeoutMs: 60_000, idleMs: 10_000 },
  idleMs: 20_000,
}

/**
 * A smoke run of every scenario and every part of the harness (`pnpm test` ends with it): the
 * same steps as FULL (one paced rate, one client count), each as short as still gives a figure;
 * the figures are not the point.
 */
export const QUICK: BenchPlan = {
  mode: 'quick',
  gossip: { rates: [300], durationMs: 1_000, warmupMs: 300, handoffDrainMs: 2_000, traceSampleRate: 0.25 },
  fanout: {
    clients: [100],
    burst: () => ({ count: 100, rounds: 1 }),
    latencyRate: 50,
    latencyMs: 500,
    control: false,
    floodCount: FLOOD,
  },
  scale: { sizes: [5], blocks: 10, meshTimeoutMs: 30_000 },
  processMesh: { sizes: [3], meshTimeoutMs: 30_000, idleMs: 500 },
  idleMs: 2_000,
}
