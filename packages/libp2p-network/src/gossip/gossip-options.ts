import { type GossipsubOpts, StrictSign } from '@libp2p/gossipsub'
import type { NetworkConfig } from '../config/network-config.js'

/** go-libp2p-pubsub's default cap on one RPC (DefaultMaxMessageSize). */
export const GOSSIP_MAX_MESSAGE_BYTES = 1024 * 1024

/**
 * Gossipsub settings that interoperate with the Go peers and suit small private networks.
 * Each choice is one the reference network depends on; see docs/architecture.md.
 */
export function gossipOptions(config: NetworkConfig): Partial<GossipsubOpts> {
  return {
    // Go's default policy; Go peers reject unsigned messages, and the signed author is what the
    // service compares with the payload's PeerId.
    globalSignaturePolicy: StrictSign,
    // Go delivers our own publications to our own subscription, and the spec relies on it
    // (own blocks reach the websocket).
    emitSelf: true,
    // A lone node (or one whose peers have not subscribed yet) still publishes and still sees its
    // own message, instead of failing with NoPeersSubscribedToTopic.
    allowPublishToZeroTopicPeers: true,
    // Only gossipsub: a floodsub peer would receive every message without mesh control.
    fallbackToFloodsub: false,
    floodPublish: true,
    ...config.mesh,
    maxInboundDataLength: GOSSIP_MAX_MESSAGE_BYTES,
    // Subscriptions to other topics are not tracked: a peer cannot make us keep state for them.
    allowedTopics: Object.values(config.topicNames),
    doPX: false,
  }
}
