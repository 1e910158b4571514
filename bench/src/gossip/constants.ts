/** The private network every bench node joins (64 hex chars), and its topic names. */
export const BENCH_SHARED_KEY = '6b'.repeat(32)
export const BENCH_TOPIC_PREFIX = 'bench.teranode-p2p-ts'
export const BENCH_TOPIC_NAMES = {
  bestBlock: `${BENCH_TOPIC_PREFIX}-bestblock`,
  block: `${BENCH_TOPIC_PREFIX}-block`,
  subtree: `${BENCH_TOPIC_PREFIX}-subtree`,
  miningOn: `${BENCH_TOPIC_PREFIX}-miningon`,
  rejectedTx: `${BENCH_TOPIC_PREFIX}-rejected_tx`,
} as const

/** Size of one gossip message in the throughput runs. */
export const MESSAGE_BYTES = 1024

/**
 * An http URL of exactly `length` characters. The service's subtree message is small; a long
 * data hub URL (`asset_httpAddress`) brings it to MESSAGE_BYTES like the bare library's.
 */
export function paddedUrl(host: string, length: number): string {
  const base = `http://${host}:8090/api/v1/`
  return base + 'p'.repeat(Math.max(0, length - base.length))
}
