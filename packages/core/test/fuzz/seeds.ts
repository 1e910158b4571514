import type { Spec2024Kind, TopicMessages } from '@p2p/domain'
import {
  arbBestBlockMessage,
  arbBlockMessage,
  arbMiningOnMessage,
  arbRejectedTxMessage,
  arbSubtreeMessage,
} from '@p2p/testkit'
import fc from 'fast-check'

/** A JSON member as text: the key, and the value already written as JSON. */
export type Entry = [key: string, value: string]

/** Wire key → message property, in the order Go writes them. */
const WIRE_FIELDS: {
  readonly [K in Spec2024Kind]: ReadonlyArray<readonly [string, keyof TopicMessages[K]]>
} = {
  bestBlock: [['PeerId', 'peerId']],
  block: [
    ['Hash', 'hash'],
    ['Height', 'height'],
    ['DataHubUrl', 'dataHubUrl'],
    ['PeerId', 'peerId'],
  ],
  subtree: [
    ['Hash', 'hash'],
    ['DataHubUrl', 'dataHubUrl'],
    ['PeerId', 'peerId'],
  ],
  miningOn: [
    ['Hash', 'hash'],
    ['PreviousHash', 'previousHash'],
    ['DataHubUrl', 'dataHubUrl'],
    ['PeerId', 'peerId'],
    ['Height', 'height'],
    ['Miner', 'miner'],
    ['SizeInBytes', 'sizeInBytes'],
    ['TxCount', 'txCount'],
  ],
  rejectedTx: [
    ['TxId', 'txId'],
    ['Reason', 'reason'],
    ['PeerId', 'peerId'],
  ],
}

const ARBITRARIES: { readonly [K in Spec2024Kind]: fc.Arbitrary<TopicMessages[K]> } = {
  bestBlock: arbBestBlockMessage,
  block: arbBlockMessage,
  subtree: arbSubtreeMessage,
  miningOn: arbMiningOnMessage,
  rejectedTx: arbRejectedTxMessage,
}

const asJson = (value: unknown): string =>
  typeof value === 'bigint' || typeof value === 'number' ? String(value) : JSON.stringify(value)

/** Valid messages of each kind, from the testkit's arbitraries, as JSON members ready to mutate. */
export function seedEntries(kind: Spec2024Kind, count: number, seed: number): Entry[][] {
  const fields = WIRE_FIELDS[kind] as ReadonlyArray<readonly [string, string]>
  return fc
    .sample(ARBITRARIES[kind] as unknown as fc.Arbitrary<Record<string, unknown>>, { numRuns: count, seed })
    .map((message) => fields.map(([wire, key]): Entry => [wire, asJson(message[key])]))
}

export const toJsonText = (entries: readonly Entry[]): string =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`

/** JSON that is no message at all: objects with any keys and values, and bare values. */
export function foreignJson(count: number, seed: number): string[] {
  const object = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }))
  return fc
    .sample(fc.oneof({ arbitrary: object, weight: 3 }, fc.jsonValue({ maxDepth: 2 })), {
      numRuns: count,
      seed,
    })
    .map((value) => JSON.stringify(value))
}
