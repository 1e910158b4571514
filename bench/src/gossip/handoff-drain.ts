import { metricValue } from '../lib/http-client.js'
import { drain } from './gossip-run.js'
import type { ServiceNode } from './service-nodes.js'

const handoffs = (exposition: string) =>
  metricValue(exposition, 'p2p_block_validation_handoffs_total', { kind: 'subtree' })

/**
 * Waits (up to `maxMs`) until each node's subtree hand-offs to block validation (ok, failed or
 * dropped) since `before` reach `expected`: validation lags the websocket when it is the slower path.
 */
export async function drainHandoffs(
  nodes: readonly ServiceNode[],
  before: readonly string[],
  expected: number,
  maxMs: number,
): Promise<{ waitedMs: number }> {
  const started = Date.now()
  const base = before.map(handoffs)
  await drain(
    async () =>
      Promise.all(
        nodes.map(async (node, i) => handoffs(await node.http.text('GET', '/metrics')) - (base[i] ?? 0)),
      ),
    expected,
    2_000,
    maxMs,
    250,
  )
  return { waitedMs: Date.now() - started }
}
