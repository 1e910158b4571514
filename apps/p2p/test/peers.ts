import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { DEV_SERVICES_MAIN, launch, P2P_MAIN, type RunningProcess } from './processes.js'

export const SHARED_KEY = '3c'.repeat(32)
export const TOPIC_PREFIX = 'three-peer-test'

/** Where a node's blockchain, block validation and validator services listen. */
export interface ServicePorts {
  readonly blockchain: number
  readonly blockValidation: number
  readonly validator: number
}

export interface DevServicesProcess {
  readonly process: RunningProcess
  readonly ports: ServicePorts & { readonly http: number }
  control(path: string, method?: 'GET' | 'POST'): Promise<Record<string, unknown>>
}

export async function startDevServices(): Promise<DevServicesProcess> {
  const process = launch(DEV_SERVICES_MAIN, {
    DEV_BLOCKCHAIN_GRPC_LISTEN: '127.0.0.1:0',
    DEV_BLOCKVALIDATION_GRPC_LISTEN: '127.0.0.1:0',
    DEV_VALIDATOR_GRPC_LISTEN: '127.0.0.1:0',
    DEV_HTTP_LISTEN: '127.0.0.1:0',
    SIM_AUTORUN: 'false',
  })
  const started = await process.waitForLog('dev services started')
  const ports = started.ports as DevServicesProcess['ports']
  return {
    process,
    ports,
    control: async (path, method = 'GET') =>
      (await (await fetch(`http://127.0.0.1:${ports.http}${path}`, { method })).json()) as Record<
        string,
        unknown
      >,
  }
}

export interface PeerProcess {
  readonly process: RunningProcess
  readonly peerId: string
  readonly address: string
  readonly httpPort: number
  readonly dataDir: string
  readonly assetUrl: string
  readonly messages: Array<Record<string, unknown>>
  /** The same websocket frames as text (JSON.parse rounds integers past 2^53). */
  readonly frames: string[]
  status(): Promise<{ peers: Array<{ id: string; topics: string[] }>; healthy: boolean }>
  closeSocket(): void
}

export async function newDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'p2p-peer-'))
}

export type WireProfileName = 'spec2024' | 'teranode'

/**
 * What each profile's test network needs: the spec's is a PSK network with its own topic prefix;
 * today's is regtest on loopback, so its private addresses are allowed and shared, and without a
 * DHT its nodes find each other through the address exchange.
 */
function profileSettings(profile: WireProfileName, bootstrap: string): Record<string, string> {
  if (profile === 'teranode') {
    return {
      p2p_wire_profile: 'teranode',
      p2p_network: 'regtest',
      p2p_allow_private_ips: 'true',
      p2p_share_private_addresses: 'true',
      p2p_bootstrap_peers: bootstrap,
    }
  }
  return {
    p2p_dht_use_private: 'true',
    p2p_shared_key: SHARED_KEY,
    p2p_topic_prefix: TOPIC_PREFIX,
    p2p_bootstrapAddresses: bootstrap,
  }
}

/**
 * One apps/p2p process beside its node services (the dev services, or the Go reference's), in the
 * test's network of the given profile (the spec's by default). `env` adds or overrides settings.
 */
export async function startPeer(
  name: string,
  services: { readonly ports: ServicePorts },
  options: {
    bootstrap?: string
    dataDir: string
    profile?: WireProfileName
    env?: Readonly<Record<string, string>>
  },
): Promise<PeerProcess> {
  const assetUrl = `http://${name}.example:8090/api/v1`
  const process = launch(P2P_MAIN, {
    p2p_ip: '127.0.0.1',
    p2p_port: '0',
    p2p_httpListenAddress: '127.0.0.1:0',
    ...profileSettings(options.profile ?? 'spec2024', options.bootstrap ?? ''),
    clientName: name,
    p2p_peer_cache_dir: options.dataDir,
    p2p_best_block_request_interval_ms: '1000',
    asset_httpAddress: assetUrl,
    blockchain_grpcAddress: `127.0.0.1:${services.ports.blockchain}`,
    blockvalidation_grpcAddress: `127.0.0.1:${services.ports.blockValidation}`,
    validator_grpcAddress: `127.0.0.1:${services.ports.validator}`,
    logLevel: 'INFO',
    ...options.env,
  })
  const started = await process.waitForLog('p2p service started')
  const addresses = started.addresses as string[]
  const httpPort = started.httpPort as number
  const messages: Array<Record<string, unknown>> = []
  const frames: string[] = []
  // Each profile's own route; /ws serves both.
  const route = options.profile === 'teranode' ? '/p2p-ws' : '/ws'
  const socket = new WebSocket(`ws://127.0.0.1:${httpPort}${route}`)
  socket.on('message', (data) => {
    frames.push(String(data))
    messages.push(JSON.parse(String(data)) as Record<string, unknown>)
  })
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return {
    process,
    peerId: started.peerId as string,
    address: addresses.find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? (addresses[0] as string),
    httpPort,
    dataDir: options.dataDir,
    assetUrl,
    messages,
    frames,
    status: async () =>
      (await (await fetch(`http://127.0.0.1:${httpPort}/status`)).json()) as Awaited<
        ReturnType<PeerProcess['status']>
      >,
    closeSocket: () => socket.terminate(),
  }
}
