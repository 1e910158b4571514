import {
  type BlockMessage,
  bestBlockMessageCodec,
  blockMessageCodec,
  type GossipVerdict,
  type PeerId,
  rejectedTxMessageCodec,
  type SubtreeMessage,
  subtreeMessageCodec,
  type TopicKind,
} from '@p2p/domain'
import { aBlockMessage, aRejectedTxMessage, aSubtreeMessage, type MemoryNetworkHub } from '@p2p/testkit'
import { ROGUE, ROGUE_HUB } from './test-node.js'

const encoder = new TextEncoder()
export const bytes = (text: string): Uint8Array => encoder.encode(text)

/** Valid payloads as a peer would send them, authored by `from` (ROGUE unless said otherwise). */
export const payloads = {
  block: (fields: Partial<BlockMessage> = {}, from: PeerId = ROGUE) =>
    blockMessageCodec.encodeBytes(aBlockMessage({ dataHubUrl: ROGUE_HUB, peerId: from, ...fields })),
  subtree: (fields: Partial<SubtreeMessage> = {}, from: PeerId = ROGUE) =>
    subtreeMessageCodec.encodeBytes(aSubtreeMessage({ dataHubUrl: ROGUE_HUB, peerId: from, ...fields })),
  rejectedTx: (from: PeerId = ROGUE) =>
    rejectedTxMessageCodec.encodeBytes(aRejectedTxMessage({ peerId: from })),
  bestBlock: (from: PeerId = ROGUE) => bestBlockMessageCodec.encodeBytes({ peerId: from }),
  /** A best-block reply: a BlockMessage with an empty PeerId. */
  reply: (fields: Partial<BlockMessage> = {}) =>
    blockMessageCodec.encodeBytes(aBlockMessage({ dataHubUrl: ROGUE_HUB, height: 5, ...fields, peerId: '' })),
}

/** Gossip to `to` from `from`, as the network would deliver it. */
export function gossipTo(hub: MemoryNetworkHub, to: PeerId) {
  return (kind: TopicKind, data: Uint8Array, from: PeerId = ROGUE): Promise<GossipVerdict> =>
    hub.injectGossip(to, { kind, from, data })
}

export function directTo(hub: MemoryNetworkHub, to: PeerId) {
  return (data: Uint8Array, from: PeerId = ROGUE): Promise<void> => hub.injectDirect(to, { from, data })
}
