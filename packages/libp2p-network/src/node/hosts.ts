import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { StaticPeerHost } from '../discovery/static-peers.js'
import type { DiscoveryHost, FoundPeer } from '../discovery/topic-discovery.js'
import { isConnected } from '../util/is-connected.js'
import type { TrimmerHost } from './connection-trimmer.js'
import type { Libp2pNode } from './create-node.js'

/** Discovery's view of the libp2p node: DHT content routing plus dialling. */
export function discoveryHost(node: Libp2pNode, bootstrapAddresses: readonly string[]): DiscoveryHost {
  return {
    selfId: node.peerId.toString(),
    provide: (cid, signal) => node.contentRouting.provide(cid, { signal }),
    findProviders: async function* (cid, signal): AsyncIterable<FoundPeer> {
      for await (const provider of node.contentRouting.findProviders(cid, { signal })) {
        yield {
          id: provider.id.toString(),
          multiaddrs: provider.multiaddrs.map((address) => address.toString()),
        }
      }
    },
    isConnected: (peer) => isConnected(node, peer),
    dial: async (found, signal) => {
      const id = peerIdFromString(found.id)
      if (found.multiaddrs.length > 0) {
        await node.peerStore.merge(id, { multiaddrs: found.multiaddrs.map((address) => multiaddr(address)) })
      }
      await node.dial(id, { signal })
    },
    reconnectBootstrap: async (signal) => {
      await Promise.allSettled(bootstrapAddresses.map((address) => node.dial(multiaddr(address), { signal })))
    },
    connectionCount: () => node.getConnections().length,
    topicPeerCount: (topic) => node.services.pubsub.getSubscribers(topic).length,
  }
}

export function staticPeerHost(node: Libp2pNode, isBanned: (peer: string) => boolean): StaticPeerHost {
  return {
    isBanned,
    dial: async (address, signal) => {
      await node.dial(multiaddr(address), { signal })
    },
    isConnected: (peer) => isConnected(node, peer),
  }
}

/**
 * The trimmer's view of the node: its connections, and which peers it must keep: peers
 * subscribed to one of our topics (what we gossip with), and static and bootstrap peers.
 */
export function trimmerHost(
  node: Libp2pNode,
  topicNames: readonly string[],
  isKept: (peer: string) => boolean,
): TrimmerHost {
  return {
    connections: () =>
      node.getConnections().map((connection) => ({
        peer: connection.remotePeer.toString(),
        openedAt: connection.timeline.open,
        close: () => connection.close(),
      })),
    isProtected: (peer) => isKept(peer) || isTopicPeer(node, topicNames, peer),
  }
}

/** Whether `peer` is subscribed to one of our topics, as gossipsub knows it. */
export function isTopicPeer(node: Libp2pNode, topicNames: readonly string[], peer: string): boolean {
  const topics = node.services.pubsub.getTopics()
  return topicNames.some(
    (topic) =>
      topics.includes(topic) &&
      node.services.pubsub.getSubscribers(topic).some((id) => id.toString() === peer),
  )
}
