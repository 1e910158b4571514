import { peerIdFromString } from '@libp2p/peer-id'
import { type Logger, P2PError, type PeerNetworkListener } from '@p2p/domain'
import type { NetworkConfig } from '../config/network-config.js'
import { DirectChannel } from '../direct/direct-channel.js'
import { DialPolicy } from '../discovery/dial-policy.js'
import { libp2pPeerCacheHost, PeerCache } from '../discovery/peer-cache.js'
import { StaticPeers } from '../discovery/static-peers.js'
import { TopicDiscovery } from '../discovery/topic-discovery.js'
import { AddressAsker } from '../exchange/address-asker.js'
import { AddressExchangeLoop } from '../exchange/address-exchange-loop.js'
import { AddressExchangeServer } from '../exchange/address-exchange-server.js'
import { libp2pExchangeHost } from '../exchange/libp2p-exchange-host.js'
import { GossipBridge } from '../gossip/gossip-bridge.js'
import { StalledPeerGuard } from '../gossip/stalled-peer-guard.js'
import { errorText } from '../util/error-text.js'
import { ConnectionTrimmer } from './connection-trimmer.js'
import type { Libp2pNode } from './create-node.js'
import { discoveryHost, isTopicPeer, staticPeerHost, trimmerHost } from './hosts.js'

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
  /** The address exchange served (`addressExchange`); absent otherwise. */
  readonly exchange: AddressExchangeServer | undefined
  /** The address exchange used to reach unconnected authors (`addressExchange` with the DHT off). */
  readonly addressLoop: AddressExchangeLoop | undefined
  /** `peer_cache.json` (`peerCache` with a `dataDir`); absent otherwise. */
  readonly peerCache: PeerCache | undefined
  /** Undoes the listeners `assemble` put on the node's services. */
  readonly detach: () => void
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
    { addresses: config.staticPeers, redial: config.peerRedial ?? config.staticPeerRedialMs },
  )
  const bootstrapPeers =
    config.peerRedial === undefined || config.bootstrapAddresses.length === 0
      ? undefined
      : new StaticPeers(
          { host: keeper, logger, now },
          { addresses: config.bootstrapAddresses, redial: config.peerRedial, role: 'bootstrap peer' },
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
  const exchange = config.addressExchange
    ? new AddressExchangeServer(
        { node, logger, now },
        { sharePrivateAddresses: config.announcePrivateAddresses },
      )
    : undefined
  const addressLoop =
    config.addressExchange && config.dhtMode === 'off'
      ? new AddressExchangeLoop(
          { host: libp2pExchangeHost(node, new AddressAsker({ node })), logger, now },
          { intervalMs: config.addressExchangeIntervalMs },
        )
      : undefined
  const peerCache =
    config.peerCache && config.dataDir !== undefined
      ? new PeerCache(
          {
            host: libp2pPeerCacheHost(node, (peer) => isTopicPeer(node, topicNames, peer)),
            logger,
            now,
          },
          { dir: config.dataDir },
        )
      : undefined
  const pubsub = node.services.pubsub
  // Gossipsub emits `message` only for messages our validator accepted: their authors are real.
  const onMessage = (event: { detail: { type: string; from?: { toString(): string } } }) => {
    if (event.detail.type === 'signed' && event.detail.from !== undefined)
      addressLoop?.sawAuthor(event.detail.from.toString())
  }
  const onSubscriptions = (event: {
    detail: {
      peerId: { toString(): string }
      subscriptions: ReadonlyArray<{ topic: string; subscribe: boolean }>
    }
  }) => {
    if (event.detail.subscriptions.some((s) => s.subscribe && topicNames.includes(s.topic)))
      peerCache?.topicPeerConnected(event.detail.peerId.toString())
  }
  if (addressLoop !== undefined) pubsub.addEventListener('message', onMessage)
  if (peerCache !== undefined) pubsub.addEventListener('subscription-change', onSubscriptions)
  const detach = () => {
    pubsub.removeEventListener('message', onMessage)
    pubsub.removeEventListener('subscription-change', onSubscriptions)
  }
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
    exchange,
    addressLoop,
    peerCache,
    detach,
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
  running.addressLoop?.stop()
  running.detach()
  running.direct.stop()
  await running.exchange?.stop()
  // Before the node stops: the last write still sees the live connections.
  await running.peerCache?.stop()
  await running.discovery?.stop()
  await running.node.stop()
}
