import { peerIdFromString } from '@libp2p/peer-id'
import { type Logger, P2PError, type PeerNetworkListener } from '@p2p/domain'
import type { NetworkConfig } from '../config/network-config.js'
import { DirectChannel } from '../direct/direct-channel.js'
import { DialPolicy } from '../discovery/dial-policy.js'
import { StaticPeers } from '../discovery/static-peers.js'
import { TopicDiscovery } from '../discovery/topic-discovery.js'
import { GossipBridge } from '../gossip/gossip-bridge.js'
import { StalledPeerGuard } from '../gossip/stalled-peer-guard.js'
import { errorText } from '../util/error-text.js'
import { ConnectionTrimmer } from './connection-trimmer.js'
import type { Libp2pNode } from './create-node.js'
import { discoveryHost, staticPeerHost, trimmerHost } from './hosts.js'

/** Everything a started network runs besides the node itself. */
export interface Running {
  readonly node: Libp2pNode
  readonly gossip: GossipBridge
  readonly direct: DirectChannel
  /** DHT rendezvous discovery; absent with the DHT off. */
  readonly discovery: TopicDiscovery | undefined
  readonly staticPeers: StaticPeers
  /** Bootstrap peers kept connected on a steady schedule (`peerRedial`); absent otherwise. */
  readonly bootstrapPeers: StaticPeers | undefined
  /** Soft connection marks (`connectionMarks`); absent otherwise. */
  readonly trimmer: ConnectionTrimmer | undefined
  readonly stalledPeers: StalledPeerGuard
}

export interface AssembleOptions {
  readonly config: NetworkConfig
  readonly listener: PeerNetworkListener
  readonly logger: Logger
  readonly isBanned: (peer: string) => boolean
  readonly now: () => number
}

/** Wires the parts onto a node that is built but not started. */
export function assemble(
  node: Libp2pNode,
  { config, listener, logger, isBanned, now }: AssembleOptions,
): Running {
  const keeper = staticPeerHost(node, isBanned)
  const staticPeers = new StaticPeers(
    { host: keeper, logger, now },
    { addresses: config.staticPeers, backoff: config.peerRedial ?? config.staticPeerRedialMs },
  )
  const bootstrapPeers =
    config.peerRedial === undefined || config.bootstrapAddresses.length === 0
      ? undefined
      : new StaticPeers(
          { host: keeper, logger, now },
          { addresses: config.bootstrapAddresses, backoff: config.peerRedial, role: 'bootstrap peer' },
        )
  node.addEventListener('peer:disconnect', (event) => {
    const peer = event.detail.toString()
    staticPeers.disconnected(peer)
    bootstrapPeers?.disconnected(peer)
  })
  const topicNames = Object.values(config.topicNames)
  const trimmer =
    config.connectionMarks === undefined
      ? undefined
      : new ConnectionTrimmer(
          {
            host: trimmerHost(
              node,
              topicNames,
              (peer) => staticPeers.isStatic(peer) || bootstrapPeers?.isStatic(peer) === true,
            ),
            logger,
            now,
          },
          { ...config.connectionMarks, checkIntervalMs: Math.min(config.connectionMarks.graceMs, 10_000) },
        )
  // The gater refuses banned peers; this catches a connection that was already past it when the
  // ban came (its handshake was under way while the peer was banned).
  node.addEventListener('peer:connect', (event) => {
    const peer = event.detail.toString()
    if (isBanned(peer)) hangUp(node, peer, logger)
    trimmer?.connected()
  })
  const discovery =
    config.dhtMode === 'off'
      ? undefined
      : new TopicDiscovery(
          {
            host: discoveryHost(node, config.bootstrapAddresses),
            policy: new DialPolicy({ isBanned }, { optimiseRetries: config.optimiseRetries }),
            logger,
          },
          {
            topicNames,
            intervalMs: config.discoveryIntervalMs,
            advertiseIntervalMs: config.advertiseIntervalMs,
            // Enough for gossipsub to fill its mesh; peer exchange and the DHT bring replacements.
            topicPeersWanted: config.mesh.D,
          },
        )
  const stalledPeers = new StalledPeerGuard({
    pubsub: node.services.pubsub,
    disconnect: (peer) => dropConnections(node, peer),
    logger,
    now,
  })
  // Now, before the node starts: the first streams are opened as soon as it does.
  stalledPeers.start()
  return {
    node,
    gossip: new GossipBridge(
      { pubsub: node.services.pubsub, listener, self: node.peerId, logger },
      { topicNames: config.topicNames, rejectBlames: config.rejectBlames },
    ),
    direct: new DirectChannel({ node, listener, logger }, config),
    discovery,
    staticPeers,
    bootstrapPeers,
    trimmer,
    stalledPeers,
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

/**
 * Aborts every connection to `peer`. A graceful close would wait for it to read what we already
 * queued, which a stalled peer never does.
 */
function dropConnections(node: Libp2pNode, peer: string): void {
  const reason = new P2PError('queue_full', 'the peer stopped reading our gossip', { context: { peer } })
  for (const connection of node.getConnections(peerIdFromString(peer))) connection.abort(reason)
}

/** Stops what `start` set up, timers and listeners before the node, so nothing fires into a stopped node. */
export async function halt(running: Running): Promise<void> {
  running.gossip.stop()
  running.stalledPeers.stop()
  running.staticPeers.stop()
  running.bootstrapPeers?.stop()
  running.trimmer?.stop()
  running.direct.stop()
  await running.discovery?.stop()
  await running.node.stop()
}
