import { peerIdFromString } from '@libp2p/peer-id'
import type { Logger, PeerNetworkListener } from '@p2p/domain'
import type { NetworkConfig } from '../config/network-config.js'
import { DirectChannel } from '../direct/direct-channel.js'
import { DialPolicy } from '../discovery/dial-policy.js'
import { StaticPeers } from '../discovery/static-peers.js'
import { TopicDiscovery } from '../discovery/topic-discovery.js'
import { GossipBridge } from '../gossip/gossip-bridge.js'
import { errorText } from '../util/error-text.js'
import type { Libp2pNode } from './create-node.js'
import { discoveryHost, staticPeerHost } from './hosts.js'

/** Everything a started network runs besides the node itself. */
export interface Running {
  readonly node: Libp2pNode
  readonly gossip: GossipBridge
  readonly direct: DirectChannel
  readonly discovery: TopicDiscovery
  readonly staticPeers: StaticPeers
}

export interface AssembleOptions {
  readonly config: NetworkConfig
  readonly listener: PeerNetworkListener
  readonly logger: Logger
  readonly isBanned: (peer: string) => boolean
}

/** Wires the parts onto a node that is built but not started. */
export function assemble(node: Libp2pNode, { config, listener, logger, isBanned }: AssembleOptions): Running {
  const staticPeers = new StaticPeers(
    staticPeerHost(node, isBanned),
    config.staticPeers,
    config.staticPeerRedialMs,
    logger,
  )
  node.addEventListener('peer:disconnect', (event) => staticPeers.disconnected(event.detail.toString()))
  // The gater refuses banned peers; this catches a connection that was already past it when the
  // ban came (its handshake was under way while the peer was banned).
  node.addEventListener('peer:connect', (event) => {
    const peer = event.detail.toString()
    if (isBanned(peer)) hangUp(node, peer, logger)
  })
  const discovery = new TopicDiscovery(
    discoveryHost(node, config.bootstrapAddresses),
    new DialPolicy(config.optimiseRetries, undefined, isBanned),
    {
      topicNames: Object.values(config.topicNames),
      intervalMs: config.discoveryIntervalMs,
      advertiseIntervalMs: config.advertiseIntervalMs,
      // Enough for gossipsub to fill its mesh; peer exchange and the DHT bring replacements.
      topicPeersWanted: config.mesh.D,
    },
    logger,
  )
  return {
    node,
    gossip: new GossipBridge(node.services.pubsub, config.topicNames, listener, node.peerId, logger, {
      rejectBlames: config.rejectBlames,
    }),
    direct: new DirectChannel(node, config, listener, logger),
    discovery,
    staticPeers,
  }
}

/** Closes every connection to `peer`; a peer id libp2p cannot parse has none. */
export function hangUp(node: Libp2pNode, peer: string, logger: Logger): void {
  let id: ReturnType<typeof peerIdFromString>
  try {
    id = peerIdFromString(peer)
  } catch {
    return
  }
  node.hangUp(id).catch((error: unknown) => {
    logger.debug('could not hang up on a banned peer', { peer, error: errorText(error) })
  })
}

/** Stops what `start` set up, timers and listeners before the node, so nothing fires into a stopped node. */
export async function halt(running: Running): Promise<void> {
  running.gossip.stop()
  running.staticPeers.stop()
  running.direct.stop()
  await running.discovery.stop()
  await running.node.stop()
}
