import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  type BlockMessage,
  blockMessageCodec,
  type Logger,
  type Offence,
  P2PError,
  type PeerId,
  type PeerNetwork,
  type PeerNetworkListener,
  type PeerReputation,
  type PeerSummary,
  spec2024WireFormat,
  type TopicKind,
  type TopicMessages,
  type WireFormat,
} from '@p2p/domain'
import type { AdmissionRefusal } from './admission/admission-gater.js'
import type { PrivateAddressRefusal } from './admission/private-address-gater.js'
import {
  type Libp2pPeerNetworkOptions,
  type NetworkConfig,
  parseNetworkConfig,
} from './config/network-config.js'
import { isDnsaddr, resolvePeerAddresses } from './discovery/dnsaddr.js'
import { GOSSIP_MAX_MESSAGE_BYTES } from './gossip/gossip-options.js'
import { CachedEd25519Signer } from './identity/cached-signer.js'
import { createNode } from './node/create-node.js'
import { dialAddress, peerSummaries } from './node/peer-operations.js'
import { assemble, halt, hangUp, type Running } from './node/running.js'
import { parsePreSharedKey } from './pnet/index.js'
import { hangUpAddress } from './reputation/address-hang-up.js'
import type { BanRecord } from './reputation/ban-scores.js'
import { type BanStats, NetworkReputation } from './reputation/network-reputation.js'
import { remoteIps } from './reputation/remote-ips.js'
import { errorText } from './util/error-text.js'

export interface Libp2pPeerNetworkDeps {
  /** The node's Ed25519 identity (see `resolvePrivateKey`). */
  readonly privateKey: PrivateKey
  readonly logger: Logger
  /** The clock ban scores and ban expiry run on; tests move it. Default `Date.now`. */
  readonly now?: () => number
  /** The wire profile spoken on the topics; the spec's by default. `topicNames` names its kinds. */
  readonly wire?: WireFormat
  /** TXT look-ups for `/dnsaddr/` bootstrap entries; default a resolver of this network's own. */
  readonly resolveTxt?: (name: string) => Promise<string[][]>
}

type State = 'created' | 'starting' | 'started' | 'stopped'

/**
 * The PeerNetwork port over libp2p 3: gossipsub on the five topics, the direct best-block stream,
 * DHT rendezvous discovery, bootstrap and static peers, optionally inside a PSK private network.
 * Also the PeerReputation port: penalties add up to bans, which disconnect the peer, are refused
 * by the connection gater, and are kept in `<dataDir>/bans.json` across restarts.
 */
export class Libp2pPeerNetwork implements PeerNetwork, PeerReputation {
  readonly peerId: PeerId
  readonly wire: WireFormat
  private readonly config: NetworkConfig
  private readonly logger: Logger
  private readonly reputation: NetworkReputation
  private readonly signer: CachedEd25519Signer
  private readonly now: () => number
  private readonly resolveTxt: ((name: string) => Promise<string[][]>) | undefined
  /** Inbound connections refused before their handshake, by reason (a closed set: the map stays small). */
  private readonly refusals = new Map<AdmissionRefusal, number>()
  /** Connections refused because their address is private, by direction. */
  private readonly privateRefusals = new Map<PrivateAddressRefusal, number>()
  private listener: PeerNetworkListener | undefined
  private state: State = 'created'
  private running: Running | undefined
  private starting: Promise<void> | undefined
  private stopping: Promise<void> | undefined

  constructor(deps: Libp2pPeerNetworkDeps, options: Libp2pPeerNetworkOptions) {
    this.config = parseNetworkConfig(options)
    this.wire = deps.wire ?? spec2024WireFormat
    const named = Object.keys(this.config.topicNames).sort().join(',')
    if (named !== [...this.wire.kinds].sort().join(',')) {
      throw new P2PError('invalid_config', 'the topic names must name exactly the kinds the wire carries', {
        context: { named, carried: this.wire.kinds.join(',') },
      })
    }
    // A bad shared key is a configuration error: report it now, not when the node starts.
    if (this.config.privateNetwork !== undefined) parsePreSharedKey(this.config.privateNetwork.sharedKey)
    if (deps.privateKey.type !== 'Ed25519')
      throw new P2PError('invalid_key', 'the node identity must be Ed25519')
    this.peerId = peerIdFromPrivateKey(deps.privateKey).toString()
    this.signer = new CachedEd25519Signer(deps.privateKey)
    this.logger = deps.logger.child({ component: 'libp2p-network' })
    this.now = deps.now ?? Date.now
    this.resolveTxt = deps.resolveTxt
    this.reputation = new NetworkReputation(
      { logger: this.logger, now: this.now },
      { ...this.config, self: this.peerId },
    )
  }

  setListener(listener: PeerNetworkListener): void {
    if (this.listener !== undefined) throw new P2PError('internal', 'the network listener is set once')
    this.listener = listener
  }

  /**
   * The addresses we announce, each ending in /p2p/<our id>; empty unless started, and empty on
   * a LAN when private addresses are not shared.
   */
  addresses(): string[] {
    return this.running?.node.getMultiaddrs().map((address) => address.toString()) ?? []
  }

  /** Where our transports listen, as bound (without /p2p/); empty unless started. */
  listenAddresses(): string[] {
    return this.running?.node.services.listening.addresses() ?? []
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
    const isBanned = (peer: string) => this.reputation.isBanned(peer)
    try {
      // Before the node starts, so a peer banned in an earlier run never gets a connection.
      await this.reputation.load()
      const config = await this.resolvedConfig()
      // Counted, and logged at debug only: a flood is refused once per attempt, and each attempt would be a line.
      const node = await createNode(config, {
        privateKey: this.signer,
        gater: this.reputation.gater(),
        refused: (reason, remote) => {
          this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1)
          this.logger.debug('refused an inbound connection', { reason, remote })
        },
        refusedPrivate: (at, address) => {
          this.privateRefusals.set(at, (this.privateRefusals.get(at) ?? 0) + 1)
          this.logger.debug('refused a private address', { at, address })
        },
      })
      running = assemble(node, {
        config,
        listener,
        logger: this.logger,
        isBanned,
        now: this.now,
      })
      this.reputation.onBan(
        (peer) => hangUp(node, peer, this.logger),
        (peer) => remoteIps(node, peer),
        (ip) => hangUpAddress(node, ip),
      )
      await running.direct.register()
      await running.exchange?.start()
      await node.start()
      running.gossip.start()
      await running.discovery?.start()
      running.staticPeers.start()
      running.bootstrapPeers?.start()
      running.trimmer?.start()
      running.addressLoop?.start()
      await running.peerCache?.start()
    } catch (error) {
      this.state = 'stopped'
      if (running !== undefined) await halt(running).catch(() => {})
      await this.reputation.close()
      throw error instanceof P2PError
        ? error
        : new P2PError('internal', `the p2p network could not start: ${errorText(error)}`, { cause: error })
    }
    // stop() was called while we were starting: undo, and tell the caller.
    if (this.state !== 'starting') {
      await halt(running)
      await this.reputation.close()
      throw new P2PError('stopped', 'the p2p network was stopped while starting')
    }
    this.running = running
    this.state = 'started'
    this.logger.info('p2p network started', {
      peerId: this.peerId,
      listening: this.listenAddresses(),
      addresses: this.addresses(),
      privateNetwork: this.config.privateNetwork !== undefined,
    })
  }

  /**
   * The configuration with every `/dnsaddr/` bootstrap entry resolved into the peers it names. An
   * entry that does not resolve is left out with a warning, not a failed start: the others (and
   * static peers, the cache, a later restart) may still get the node its peers.
   */
  private async resolvedConfig(): Promise<NetworkConfig> {
    if (!this.config.bootstrapAddresses.some(isDnsaddr)) return this.config
    const resolveTxt = this.resolveTxt ?? (await ownResolver())
    const { addresses, failures } = await resolvePeerAddresses(this.config.bootstrapAddresses, { resolveTxt })
    for (const { entry, reason } of failures) {
      this.logger.warn('could not resolve a bootstrap entry; going on without it', {
        entry,
        reason,
        setting: 'p2p_bootstrap_peers',
      })
    }
    this.logger.info('resolved the /dnsaddr bootstrap entries', { peers: addresses.length })
    return { ...this.config, bootstrapAddresses: addresses }
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
      await this.reputation.close()
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
    const data = this.wire.encode(kind, message)
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
    return this.running === undefined ? [] : peerSummaries(this.running)
  }

  /** Dials a peer by multiaddr (ending in /p2p/<id>); an operator's "connect to this peer". */
  async connect(address: string, signal?: AbortSignal): Promise<void> {
    const running = this.requireStarted()
    throwIfAborted(signal)
    await dialAddress(running, address, signal)
  }

  penalize(peer: PeerId, offence: Offence, detail: string): void {
    this.reputation.penalize(peer, offence, detail)
  }

  isBanned(peer: PeerId): boolean {
    return this.reputation.isBanned(peer)
  }

  /** Bans in force, soonest to expire first (diagnostics); `until` is in ms since the epoch. */
  bannedPeers(): BanRecord[] {
    return this.reputation.bannedPeers()
  }

  /** IP addresses banned because many banned peer ids came from them (diagnostics). */
  bannedAddresses(): Array<{ readonly ip: string; readonly until: number }> {
    return this.reputation.bannedAddresses()
  }

  /**
   * Bans held, evicted by the cap, address bans and the connections they closed, ban warnings held
   * back (diagnostics).
   */
  banStats(): BanStats {
    return this.reputation.banStats()
  }

  /** Inbound connections refused by the admission limits since construction, by reason (diagnostics). */
  admissionRefusals(): Readonly<Partial<Record<AdmissionRefusal, number>>> {
    return Object.fromEntries(this.refusals)
  }

  /** Connections refused because their address is private, by direction (diagnostics). */
  privateAddressRefusals(): Readonly<Partial<Record<PrivateAddressRefusal, number>>> {
    return Object.fromEntries(this.privateRefusals)
  }

  /** Connections closed for being over the high mark (diagnostics); 0 unless started. */
  trimmedConnections(): number {
    return this.running?.trimmer?.trimmedCount ?? 0
  }

  /** Peers disconnected because they stopped reading our gossip (diagnostics); 0 unless started. */
  stalledPeerDisconnects(): number {
    return this.running?.stalledPeers.count ?? 0
  }

  /** The address exchange, served and used, since start (diagnostics); undefined where it is off. */
  addressExchangeStats() {
    const running = this.running
    if (running?.exchange === undefined) return undefined
    return { served: running.exchange.counters(), asked: running.addressLoop?.counters() }
  }

  /** The stream protocols this node serves (diagnostics); empty unless started. */
  protocols(): string[] {
    return this.running?.node.getProtocols() ?? []
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

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new P2PError('stopped', 'the operation was aborted')
}

/** A DNS resolver of this network's own (not the process-wide one), bounded in time and tries. */
async function ownResolver(): Promise<(name: string) => Promise<string[][]>> {
  const { Resolver } = await import('node:dns/promises')
  const resolver = new Resolver({ timeout: 5_000, tries: 2 })
  return (name) => resolver.resolveTxt(name)
}
