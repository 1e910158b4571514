import { metricValue } from '../lib/http-client.js'
import { drain } from './gossip-run.js'
import type { ServiceNode } from './service-nodes.js'

const handoffs = (exposition: string | undefined) =>
  exposition === undefined
    ? Number.NaN
    : metricValue(exposition, 'p2p_block_validation_handoffs_total', { kind: 'subtree' })

/**
 * A node's /metrics, or undefined when it does not answer in time: an overloaded node is a
 * figure of the run, not a failure of the harness.
 */
export async function scrapeMetrics(node: ServiceNode, timeoutMs = 15_000): Promise<string | undefined> {
  try {
    return await node.http.text('GET', '/metrics', timeoutMs)
  } catch {
    return undefined
  }
}

/**
 * Waits (up to `maxMs`) until each node's subtree hand-offs to block validation (ok, failed or
 * dropped) since `before` reach `expected`: validation lags the websocket when it is the slower path.
 */
export async function drainHandoffs(
  nodes: readonly ServiceNode[],
  before: ReadonlyArray<string | undefined>,
  expected: number,
  maxMs: number,
): Promise<{ waitedMs: number }> {
  const started = Date.now()
  const base = before.map(handoffs)
  await drain(
    async () =>
      Promise.all(
        nodes.map(async (node, i) => {
          const done = handoffs(await scrapeMetrics(node, 5_000)) - (base[i] ?? Number.NaN)
          return Number.isNaN(done) ? 0 : done
        }),
      ),
    expected,
    2_000,
    maxMs,
    250,
  )
  return { waitedMs: Date.now() - started }
}
