import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { bootstrap } from '@libp2p/bootstrap'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import type { ConnectionGater, Libp2p, PrivateKey } from '@libp2p/interface'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2pOptions } from 'libp2p'
import { type AdmissionRefusal, admissionGater } from '../admission/admission-gater.js'
import { composeGaters } from '../admission/compose-gaters.js'
import {
  isRefusedAddress,
  type PrivateAddressRefusal,
  privateAddressGater,
} from '../admission/private-address-gater.js'
import type { NetworkConfig } from '../config/network-config.js'
import { gossipOptions } from '../gossip/gossip-options.js'
import { parsePreSharedKey, pskProtector } from '../pnet/index.js'
import { installWebSocket } from '../shims/install-shims.js'
import { boundedDht } from './bounded-dht-store.js'
import { withMuxerAfterGater } from './gated-encrypter.js'
import { listening } from './listening.js'
import { libp2pLogger } from './quiet-logger.js'

/** The public DHT's protocol; private networks use `<p2p_dht_protocol_id>/kad/1.0.0` instead. */
const PUBLIC_DHT_PROTOCOL = '/ipfs/kad/1.0.0'

export type Libp2pNode = Awaited<ReturnType<typeof createNode>>

function listenAddresses(config: NetworkConfig): string[] {
  const { ip, port, websocketPort } = config.listen
  const family = ip.includes(':') ? 'ip6' : 'ip4'
  const addresses = [`/${family}/${ip}/tcp/${port}`]
  if (websocketPort !== undefined) addresses.push(`/${family}/${ip}/tcp/${websocketPort}/ws`)
  return addresses
}

function isWebSocketAddress(text: string): boolean {
  return multiaddr(text)
    .getComponents()
    .some((component) => component.name === 'ws' || component.name === 'wss')
}

/**
 * The websockets transport only when something uses it: a websocket listener, or a configured
 * peer given by a websocket address. It and the undici WebSocket it dials with cost an idle node
 * 3-5 MB of memory, most of it code, which a TCP-only node never runs. A peer that advertises
 * only websocket addresses is then out of reach, as it is for any node without the transport.
 */
export function needsWebSockets(config: NetworkConfig): boolean {
  return (
    config.listen.websocketPort !== undefined ||
    [...config.bootstrapAddresses, ...config.staticPeers].some(isWebSocketAddress)
  )
}

async function transports(config: NetworkConfig): Promise<NonNullable<Libp2pOptions['transports']>> {
  if (!needsWebSockets(config)) return [tcp()]
  // The global first: the transport dials with whatever `WebSocket` is global when it dials.
  await installWebSocket(globalThis)
  const { webSockets } = await import('@libp2p/websockets')
  return [tcp(), webSockets()]
}

/**
 * Builds (does not start) the libp2p node with every service the P2P network uses. The gater is
 * how bans reach libp2p: it is asked before every dial and after every handshake; admission per
 * host and per peer is asked after it.
 */
/**
 * The DHT the configuration asks for, or none. Its protocol is the public one unless a private
 * network names its own; private addresses reach its records only where we connect to them.
 */
function dhtService(config: NetworkConfig) {
  const { privateNetwork, dhtMode } = config
  if (dhtMode === 'off') return undefined
  // The spec era's public DHT never stored private addresses; a private network needs them, and
  // so does a profile that connects to them.
  const keepPrivate =
    privateNetwork !== undefined || (dhtMode !== undefined && !config.refusePrivateAddresses)
  return boundedDht(
    kadDHT({
      protocol:
        privateNetwork === undefined ? PUBLIC_DHT_PROTOCOL : `${privateNetwork.dhtProtocolPrefix}/kad/1.0.0`,
      // A private network lives on LAN and loopback addresses, and has no public address to
      // make libp2p switch the DHT to server mode by itself. Without a mode given, the public
      // DHT keeps libp2p's automatic one.
      ...(dhtMode === undefined
        ? privateNetwork === undefined
          ? {}
          : { clientMode: false }
        : { clientMode: dhtMode === 'client' }),
      peerInfoMapper: keepPrivate ? passthroughMapper : removePrivateAddressesMapper,
    }),
    {
      maxProviderRecords: config.dhtMaxProviderRecords,
      maxProviderRecordsPerPeer: config.dhtMaxProviderRecordsPerPeer,
      maxValueRecords: config.dhtMaxValueRecords,
    },
  )
}

export interface CreateNodeDeps {
  readonly privateKey: PrivateKey
  /** Bans: asked before every dial and after every handshake. */
  readonly gater?: ConnectionGater
  /** An inbound connection refused by the admission limits. */
  readonly refused?: (reason: AdmissionRefusal, remote: string) => void
  /** A connection refused because its address is private (with `refusePrivateAddresses`). */
  readonly refusedPrivate?: (at: PrivateAddressRefusal, address: string) => void
}

export async function createNode(config: NetworkConfig, deps: CreateNodeDeps) {
  const { privateKey, gater: connectionGater = {}, refused = () => {} } = deps
  const privateNetwork = config.privateNetwork
  const psk = privateNetwork === undefined ? undefined : parsePreSharedKey(privateNetwork.sharedKey)
  const logger = libp2pLogger(config.libp2pDebugLog)
  // The gater needs the node's connections and the node needs the gater: read them late.
  const built: { node?: Pick<Libp2p, 'getConnections'> } = {}
  const admission = admissionGater({
    ...config.admission,
    maxInbound: config.maxConnections - config.admission.outboundReserve,
    connections: () => built.node?.getConnections() ?? [],
    refused,
  })
  const dht = dhtService(config)
  const node = await createLibp2p({
    start: false,
    privateKey,
    ...(logger === undefined ? {} : { logger }),
    connectionGater: composeGaters(
      ...(config.refusePrivateAddresses ? [privateAddressGater(deps.refusedPrivate)] : []),
      connectionGater,
      admission,
    ),
    addresses: {
      listen: listenAddresses(config),
      ...(config.announceAddresses.length === 0 ? {} : { announce: config.announceAddresses }),
      ...(config.announcePrivateAddresses
        ? {}
        : { announceFilter: (addresses) => addresses.filter((address) => !isRefusedAddress(address)) }),
    },
    transports: await transports(config),
    connectionEncrypters: [withMuxerAfterGater(noise())],
    streamMuxers: [yamux()],
    ...(psk === undefined
      ? {}
      : {
          connectionProtector: pskProtector({ psk, handshakeTimeoutMs: config.protectorHandshakeTimeoutMs }),
        }),
    // With a redial schedule the bootstrap peers are kept connected by StaticPeers instead.
    peerDiscovery:
      config.bootstrapAddresses.length === 0 || config.peerRedial !== undefined
        ? []
        : [bootstrap({ list: config.bootstrapAddresses, timeout: 0 })],
    connectionManager: {
      inboundConnectionThreshold: config.inboundConnectionThreshold,
      maxConnections: config.maxConnections,
      maxIncomingPendingConnections: config.maxIncomingPendingConnections,
      inboundUpgradeTimeout: config.inboundUpgradeTimeoutMs,
    },
    // A ping that is late because our event loop was busy (a validation burst, a GC pause) is
    // not a dead peer. Aborting the connection would drop every gossip frame queued on it and
    // force a reconnect exactly when the node is loaded; dead peers are still noticed by TCP,
    // yamux and failed writes.
    connectionMonitor: { abortConnectionOnPingFailure: false },
    services: {
      identify: identify(),
      ping: ping(),
      listening: listening(),
      pubsub: gossipsub(gossipOptions(config)),
      // Records other peers store with us are bounded in number, in public and private mode alike.
      ...(dht === undefined ? {} : { dht }),
    },
  })
  built.node = node
  return node
}
