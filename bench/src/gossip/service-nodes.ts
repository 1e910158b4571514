import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { type LoggedProcess, launchLogged } from '../lib/children.js'
import { LocalHttp } from '../lib/http-client.js'
import { DEV_SERVICES_MAIN, P2P_MAIN, profilingArgs } from '../lib/paths.js'
import { dataHubUrlFor, profileSettings, type ServiceProfile, topicCount } from './service-profile.js'

/** One apps/p2p process beside its own dev-services process, as in the three-peer test. */
export interface ServiceNode {
  readonly name: string
  readonly p2p: LoggedProcess
  readonly dev: LoggedProcess
  /** dev-services' control endpoint (POST /subtree, GET /status). */
  readonly control: LocalHttp
  /** The node's own HTTP face (/status, /metrics, /ws). */
  readonly http: LocalHttp
  readonly peerId: string
  readonly address: string
  readonly dataDir: string
  readonly profile: ServiceProfile
}

export interface ServiceNodeOptions {
  readonly profile: ServiceProfile
  readonly traceSampleRate: number
  readonly bootstrap?: string
  /** Started processes are pushed here as soon as they exist, so the caller can stop them on failure. */
  readonly started: LoggedProcess[]
  /** A directory the caller removes at the end; each node's data directory is made inside it. */
  readonly dataRoot: string
}

export async function startServiceNode(name: string, options: ServiceNodeOptions): Promise<ServiceNode> {
  const dev = launchLogged(`${name}-dev-services`, DEV_SERVICES_MAIN, {
    DEV_BLOCKCHAIN_GRPC_LISTEN: '127.0.0.1:0',
    DEV_BLOCKVALIDATION_GRPC_LISTEN: '127.0.0.1:0',
    DEV_VALIDATOR_GRPC_LISTEN: '127.0.0.1:0',
    DEV_HTTP_LISTEN: '127.0.0.1:0',
    SIM_AUTORUN: 'false',
  })
  options.started.push(dev)
  const ports = (await dev.waitForLog('dev services started')).ports as Record<string, number>
  const dataDir = await mkdtemp(join(options.dataRoot, `${name}-`))
  const p2p = launchLogged(
    `${name}-p2p`,
    P2P_MAIN,
    {
      p2p_ip: '127.0.0.1',
      p2p_port: '0',
      p2p_httpListenAddress: '127.0.0.1:0',
      ...profileSettings(options.profile, options.bootstrap ?? ''),
      clientName: name,
      p2p_trace_sample_rate: String(options.traceSampleRate),
      p2p_peer_cache_dir: dataDir,
      // Brings the subtree message to MESSAGE_BYTES, like the bare library's messages.
      asset_httpAddress: dataHubUrlFor(options.profile, `${name}.bench.example`, name),
      blockchain_grpcAddress: `127.0.0.1:${ports.blockchain}`,
      blockvalidation_grpcAddress: `127.0.0.1:${ports.blockValidation}`,
      validator_grpcAddress: `127.0.0.1:${ports.validator}`,
      logLevel: 'INFO',
    },
    profilingArgs(`${name}-p2p`),
  )
  options.started.push(p2p)
  const started = await p2p.waitForLog('p2p service started')
  const addresses = started.addresses as string[]
  return {
    name,
    p2p,
    dev,
    control: new LocalHttp(ports.http as number, 32),
    http: new LocalHttp(started.httpPort as number, 4),
    peerId: started.peerId as string,
    address: addresses.find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? (addresses[0] as string),
    dataDir,
    profile: options.profile,
  }
}

export async function stopServiceNodes(nodes: readonly ServiceNode[], started: readonly LoggedProcess[]) {
  for (const node of nodes) {
    node.control.close()
    node.http.close()
  }
  await Promise.all(started.map((p) => p.stop()))
}

interface StatusPeers {
  readonly peers: ReadonlyArray<{ id: string; topics: readonly string[] }>
}

/** Whether `from` sees `to` subscribed on every topic. */
export async function sees(from: ServiceNode, to: ServiceNode): Promise<boolean> {
  try {
    const status = await from.http.json<StatusPeers>('GET', '/status', 5_000)
    return status.peers.some((p) => p.id === to.peerId && p.topics.length >= topicCount(from.profile))
  } catch {
    return false // a slow answer is asked again; `until` owns the deadline
  }
}
