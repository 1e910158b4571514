/**
 * The five gossip topics as one closed union. Tables keyed by it (`Record<TopicKind, …>` or
 * mapped types) fail to compile when a kind is added and a case is forgotten.
 */
export const TOPIC_KINDS = ['bestBlock', 'block', 'subtree', 'miningOn', 'rejectedTx', 'nodeStatus'] as const

export type TopicKind = (typeof TOPIC_KINDS)[number]

const kinds: ReadonlySet<string> = new Set(TOPIC_KINDS)

export function isTopicKind(value: unknown): value is TopicKind {
  return typeof value === 'string' && kinds.has(value)
}
