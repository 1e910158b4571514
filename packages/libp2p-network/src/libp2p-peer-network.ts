import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import {
  type BlockMessage,
  blockMessageCodec,
  encodeTopicMessage,
  type Logger,
  P2PError,
  type PeerId,
  type PeerNetwork,
  type PeerNetworkListener,
  type PeerSummary,
  type TopicKind,
  type TopicMessages,
} from '@p2p/domain'
import { type NetworkConfig, type NetworkConfigInput, parseNetworkConfig } from './config/network-config.js'
import { DirectChannel } from './direct/direct-channel.js'
import { DialPolicy } from './discovery/dial-policy.js'
import { StaticPeers } from './discovery/static-peers.js'
import { TopicDiscovery } from './discovery/topic-discovery.js'
import { GossipBridge } from './gossip/gossip-bridge.js'
import { GOSSIP_MAX_MESSAGE_BYTES } from './gossip/gossip-options.js'
import { createNode, type Libp2pNode } from './node/create-node.js'
import { discoveryHost, staticPeerHost } from './node/hosts.js'
import { parsePreSharedKey } from './pnet/index.js'
import { errorText } from './util/error-text.js'

export interface Libp2pPeerNetworkDeps {
  /** The node's Ed25519 identity (see `resolvePrivateKey`). */
  readonly privateKey: PrivateKey
  readonly logger: Logger
}

type State = 'created' | 'starting' | 'started' | 'stopped'

interface Running {
  readonly node: Libp2pNode
  readonly gossip: GossipBridge
  readonly direct: DirectChannel
  readonly discovery: TopicDiscovery
  readonly staticPeers: StaticPeers
}

/**
 * The PeerNetwork port over libp2p 3: gossipsub on the five topics, the direct best-block stream,
 * DHT rendezvous discovery, bootstrap and static peers, optionally inside a PSK private network.
 */
export class Libp2pPeerNetwork implements PeerNetwork {
  readonly peerId: PeerId
  private readonly config: NetworkConfig
  private readonly logger: Logger
  private listener: PeerNetworkListener | undefined
  private state: State = 'created'
  private running: Running | undefined
  private starting: Promise<void> | undefined
  private stopping: Promise<void> | undefined

  constructor(
    config: NetworkConfigInput,
    private readonly deps: Libp2pPeerNetworkDeps,
  ) {
    this.config = parseNetworkConfig(config)
    // A bad shared key is a configuration error: report it now, not when the node starts.
    if (this.config.privateNetwork !== undefined) parsePreSharedKey(this.config.privateNetwork.sharedKey)
    if (deps.privateKey.type !== 'Ed25519')
      throw new P2PError('invalid_key', 'the node identity must be Ed25519')
    this.peerId = peerIdFromPrivateKey(deps.privateKey).toString()
    this.logger = deps.logger.child({ component: 'libp2p-network' })
  }

  setListener(listener: PeerNetworkListener): void {
    if (this.listener !== undefined) throw new P2PError('internal', 'the network listener is set once')
    this.listener = listener
  }

  /** The addresses we listen on, each ending in /p2p/<our id>; empty unless started. */
  addresses(): string[] {
    return this.running?.node.getMultiaddrs().map((address) => address.toString()) ?? []
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new P2PError('internal', `cannot start a network that is ${this.state}`)
    const listener = this.listener
    if (listener === undefined) throw new P2PError('internal', 'set the network listener before start')
    this.state = 'starting'
    this.starting = this.launch(listener)
    return this.starting
  }

  private async launch(listener: PeerNetworkListener): Promise<void> {
    let running: Running | undefined
    try {
      const node = await createNode(this.config, this.deps.privateKey)
      running = this.assemble(node, listener)
      await running.direct.register()
      await node.start()
      running.gossip.start()
      await running.discovery.start()
      running.staticPeers.start()
    } catch (error) {
      this.state = 'stopped'
      if (running !== undefined) await halt(running).catch(() => {})
      throw error instanceof P2PError
        ? error
        : new P2PError('internal', `the p2p network could not start: ${errorText(error)}`, { cause: error })
    }
    // stop() was called while we were starting: undo, and tell the caller.
    if (this.state !== 'starting') {
      await halt(running)
      throw new P2PError('stopped', 'the p2p network was stopped while starting')
    }
    this.running = running
    this.state = 'started'
    this.logger.info('p2p network started', {
      peerId: this.peerId,
      addresses: this.addresses(),
      privateNetwork: this.config.privateNetwork !== undefined,
    })
  }

  private assemble(node: Libp2pNode, listener: PeerNetworkListener): Running {
    const logger = this.logger
    const staticPeers = new StaticPeers(
      staticPeerHost(node),
      this.config.staticPeers,
      this.config.staticPeerRedialMs,
      logger,
    )
    node.addEventListener('peer:disconnect', (event) => staticPeers.disconnected(event.detail.toString()))
    const discovery = new TopicDiscovery(
      discoveryHost(node, this.config.bootstrapAddresses),
      new DialPolicy(this.config.optimiseRetries),
      {
        topicNames: Object.values(this.config.topicNames),
        intervalMs: this.config.discoveryIntervalMs,
        advertiseIntervalMs: this.config.advertiseIntervalMs,
      },
      logger,
    )
    return {
      node,
      gossip: new GossipBridge(node.services.pubsub, this.config.topicNames, listener, node.peerId, logger),
      direct: new DirectChannel(node, this.config, listener, logger),
      discovery,
      staticPeers,
    }
  }

  /** Safe at any time and any number of times; a start still under way is undone. */
  async stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping
    this.state = 'stopped'
    this.stopping = (async () => {
      await this.starting?.catch(() => {})
      const running = this.running
      this.running = undefined
      if (running === undefined) return
      await halt(running)
      this.logger.info('p2p network stopped', { peerId: this.peerId })
    })()
    return this.stopping
  }

  async publish<K extends TopicKind>(
    kind: K,
    message: TopicMessages[K],
    signal?: AbortSignal,
  ): Promise<void> {
    const running = this.requireStarted()
    throwIfAborted(signal)
    const data = encodeTopicMessage(kind, message)
    if (data.byteLength > GOSSIP_MAX_MESSAGE_BYTES) {
      throw new P2PError(
        'payload_too_large',
        `a ${kind} message of ${data.byteLength} bytes exceeds the gossip limit`,
      )
    }
    await running.gossip.publish(kind, data, signal)
  }

  async sendDirect(peer: PeerId, message: BlockMessage, signal?: AbortSignal): Promise<void> {
    const running = this.requireStarted()
    throwIfAborted(signal)
    await running.direct.send(peer, blockMessageCodec.encodeBytes(message), signal)
  }

  peers(): readonly PeerSummary[] {
    const running = this.running
    if (running === undefined) return []
    const addresses = new Map<string, string[]>()
    for (const connection of running.node.getConnections()) {
      const id = connection.remotePeer.toString()
      addresses.set(id, [...(addresses.get(id) ?? []), connection.remoteAddr.toString()])
    }
    const topics = running.gossip.topicsByPeer()
    return [...addresses].map(([id, addrs]) => ({ id, addresses: addrs, topics: topics.get(id) ?? [] }))
  }

  /** Dials a peer by multiaddr (ending in /p2p/<id>); an operator's "connect to this peer". */
  async connect(address: string, signal?: AbortSignal): Promise<void> {
    const running = this.requireStarted()
    throwIfAborted(signal)
    let target: ReturnType<typeof multiaddr>
    try {
      target = multiaddr(address)
    } catch (error) {
      throw new P2PError('invalid_config', 'not a multiaddr', { context: { address }, cause: error })
    }
    try {
      await running.node.dial(target, signal === undefined ? {} : { signal })
    } catch (error) {
      throw new P2PError('send_failed', `could not connect to ${address}: ${errorText(error)}`, {
        context: { address },
        cause: error,
      })
    }
  }

  /** Peers in our gossipsub mesh for a topic (diagnostics). */
  meshPeers(kind: TopicKind): string[] {
    return this.running?.gossip.meshPeers(kind) ?? []
  }

  private requireStarted(): Running {
    if (this.state !== 'started' || this.running === undefined) {
      throw new P2PError('not_started', `the p2p network is ${this.state}`)
    }
    return this.running
  }
}

/** Stops what `start` set up, timers and listeners before the node, so nothing fires into a stopped node. */
async function halt(running: Running): Promise<void> {
  running.gossip.stop()
  running.staticPeers.stop()
  running.direct.stop()
  await running.discovery.stop()
  await running.node.stop()
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new P2PError('stopped', 'the operation was aborted')
}
