import type { FanoutResult } from '../fanout/fanout-scenario.js'
import type { GossipRunResult } from '../gossip/gossip-run.js'
import type { IdleResult } from '../idle/idle-scenario.js'
import type { MachineInfo } from '../lib/machine.js'
import type { ProcessMeshResult } from '../scale/process-mesh.js'
import type { ScaleResult } from '../scale/scale-scenario.js'
import type { SoakResult } from '../soak/soak-scenario.js'

export interface BenchResults {
  readonly mode: 'quick' | 'full'
  readonly startedAt: string
  machine: MachineInfo
  seconds?: number
  /**
   * (a) bare js-libp2p, (b) the whole service on the spec's wire, (b′) the same on today's
   * networks' (teranode) wire, (c) the Go reference's stack (refpeer).
   */
  gossip?: {
    bare: GossipRunResult[]
    service: GossipRunResult[]
    serviceTeranode: GossipRunResult[]
    ref: GossipRunResult[]
  }
  fanout?: FanoutResult[]
  scale?: ScaleResult[]
  /** Mesh formation with every node its own apps/p2p process. */
  processMesh?: ProcessMeshResult[]
  /** `--soak`: minutes of steady load, RSS sampled. */
  soak?: SoakResult
  idle?: IdleResult
  /** Scenarios that broke (the harness, not the figures). */
  failures: Array<{ scenario: string; error: string }>
}
