import { readFileSync } from 'node:fs'

/** A process's resident memory now, in MiB, from /proc. */
export function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

/** The sum of every sample in a Prometheus exposition whose line starts with `prefix` (a name, or a name and its first labels). */
export function sampleSum(metrics: string, prefix: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0)
}

/** What a node says it did with the subtree gossip it received, read from one exposition. */
export interface SubtreeAccount {
  readonly metrics: string
  readonly received: number
  readonly accepted: number
  /** Refused with a counted reason (`overloaded` among them). */
  readonly refused: number
  readonly shed: number
  /** Hand-offs by outcome: ok, failed, dropped. */
  readonly handoffs: Readonly<Record<'ok' | 'failed' | 'dropped', number>>
}

export function subtreeAccount(metrics: string): SubtreeAccount {
  const handoff = (outcome: string) =>
    sampleSum(metrics, `p2p_block_validation_handoffs_total{kind="subtree",outcome="${outcome}"}`)
  return {
    metrics,
    received: sampleSum(metrics, 'p2p_gossip_messages_received_total{topic="subtree"'),
    accepted: sampleSum(metrics, 'p2p_gossip_verdicts_total{topic="subtree",verdict="accept"}'),
    refused: sampleSum(metrics, 'p2p_inputs_rejected_total{source="subtree"'),
    shed: sampleSum(metrics, 'p2p_inputs_rejected_total{source="subtree",code="overloaded"}'),
    handoffs: { ok: handoff('ok'), failed: handoff('failed'), dropped: handoff('dropped') },
  }
}

/** Whether every subtree received has its verdict (the exposition counts verdicts and receipts). */
export function allJudged(metrics: string): boolean {
  return (
    sampleSum(metrics, 'p2p_gossip_verdicts_total{topic="subtree"') ===
    sampleSum(metrics, 'p2p_gossip_messages_received_total{topic="subtree"')
  )
}
