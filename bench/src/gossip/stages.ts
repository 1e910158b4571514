import type { TraceStage } from '@p2p/domain'
import { type LatencySummary, summarize } from '../lib/stats.js'
import type { ServiceNode } from './service-nodes.js'

type Stages = Partial<Record<TraceStage, number>>

interface TraceDump {
  readonly sampleRate: number
  readonly messages: ReadonlyArray<{ readonly hash: string; readonly stages: Stages }>
}

/** What one node traced, by hash; empty when its trace cannot be read (the table then says so). */
export async function fetchTrace(node: ServiceNode): Promise<Map<string, Stages>> {
  try {
    const dump = await node.http.json<TraceDump>('GET', '/debug/trace', 10_000)
    return new Map(dump.messages.map((m) => [m.hash, m.stages]))
  } catch {
    return new Map()
  }
}

/**
 * One step of a message's way, from one timestamp to the next. `at` says where each end was
 * taken: the harness (`send`: its POST to node 1's chain; `arrival`: node 3's websocket frame),
 * node 1 (`n1`) or node 3 (`n3`). All run on one machine, whose processes share the wall clock.
 */
interface Step {
  readonly name: string
  readonly from: readonly [Where, TraceStage | 'send' | 'arrival']
  readonly to: readonly [Where, TraceStage | 'send' | 'arrival']
}
type Where = 'harness' | 'n1' | 'n3'

/** The steps of a subtree from node 1's chain to node 3's websocket client, and node 3's hand-off. */
export const STEPS: readonly Step[] = [
  { name: 'harness POST → chain event at n1', from: ['harness', 'send'], to: ['n1', 'chainEvent'] },
  { name: 'n1 announce queue wait', from: ['n1', 'chainEvent'], to: ['n1', 'announcing'] },
  { name: 'n1 publish call (build, sign, send)', from: ['n1', 'announcing'], to: ['n1', 'published'] },
  { name: 'n1 announce → received at n3', from: ['n1', 'announcing'], to: ['n3', 'received'] },
  { name: 'n3 judging (received → verdict)', from: ['n3', 'received'], to: ['n3', 'verdict'] },
  { name: 'n3 verdict → notified', from: ['n3', 'verdict'], to: ['n3', 'notified'] },
  { name: 'n3 notified → websocket client', from: ['n3', 'notified'], to: ['harness', 'arrival'] },
  { name: 'n3 verdict → hand-off start', from: ['n3', 'verdict'], to: ['n3', 'handoffStart'] },
  { name: 'n3 hand-off (SubtreeFound call)', from: ['n3', 'handoffStart'], to: ['n3', 'handoffDone'] },
  { name: 'n1 echo: announce → own notification', from: ['n1', 'announcing'], to: ['n1', 'notified'] },
  { name: 'end to end: POST → n3 websocket client', from: ['harness', 'send'], to: ['harness', 'arrival'] },
]

export interface StageLatency {
  readonly step: string
  readonly latency: LatencySummary
}

/**
 * Each step's latency over the sampled messages that passed both its ends. A queue that waits
 * shows as a long step with little CPU behind it, a hot spot as a step that grows with the rate.
 */
export function stageLatencies(
  sends: ReadonlyMap<string, number>,
  arrivals: ReadonlyMap<string, number>,
  traces: { readonly n1: ReadonlyMap<string, Stages>; readonly n3: ReadonlyMap<string, Stages> },
): StageLatency[] {
  const at = (hash: string, [where, stage]: Step['from']): number | undefined => {
    if (where === 'harness') return stage === 'send' ? sends.get(hash) : arrivals.get(hash)
    return traces[where].get(hash)?.[stage as TraceStage]
  }
  // Only messages node 1 sampled: the harness's ends alone would time every message.
  const sampled = [...sends.keys()].filter((hash) => traces.n1.has(hash))
  return STEPS.map((step) => {
    const values: number[] = []
    for (const hash of sampled) {
      const from = at(hash, step.from)
      const to = at(hash, step.to)
      if (from !== undefined && to !== undefined) values.push(to - from)
    }
    return { step: step.name, latency: summarize(values) }
  })
}
