import type { TopicKind } from './topic-kind.js'

/** Spec-era defaults (settings `p2p_topic_prefix` and `p2p_*_topic`). */
export const SPEC_ERA_TOPIC_PREFIX = 'github.com/bitcoin-sv/ubsv'

export const DEFAULT_TOPIC_SUFFIXES: Readonly<Record<TopicKind, string>> = {
  bestBlock: 'bestblock',
  block: 'block',
  subtree: 'subtree',
  miningOn: 'miningon',
  rejectedTx: 'rejected_tx',
  nodeStatus: 'node_status',
}

/** The reference joins prefix and topic with a single `-`. */
export function topicName(prefix: string, suffix: string): string {
  return `${prefix}-${suffix}`
}

/** The topic of each kind a wire profile carries; the other kinds have none. */
export interface TopicNames {
  readonly byKind: Readonly<Partial<Record<TopicKind, string>>>
  kindOf(topic: string): TopicKind | undefined
}

/** The spec era's five kinds, which `buildTopicNames` names unless told otherwise. */
export const SPEC_ERA_TOPIC_KINDS: readonly TopicKind[] = [
  'bestBlock',
  'block',
  'subtree',
  'miningOn',
  'rejectedTx',
]

export function buildTopicNames(
  prefix: string = SPEC_ERA_TOPIC_PREFIX,
  suffixes: Partial<Record<TopicKind, string>> = {},
  kinds: readonly TopicKind[] = SPEC_ERA_TOPIC_KINDS,
): TopicNames {
  const byKind = Object.fromEntries(
    kinds.map((kind) => [kind, topicName(prefix, suffixes[kind] ?? DEFAULT_TOPIC_SUFFIXES[kind])]),
  ) as Partial<Record<TopicKind, string>>
  const byName = new Map(Object.entries(byKind).map(([kind, name]) => [name, kind as TopicKind]))
  if (byName.size !== Object.keys(byKind).length) {
    throw new RangeError('two topic kinds map to the same topic name')
  }
  return { byKind, kindOf: (topic) => byName.get(topic) }
}
