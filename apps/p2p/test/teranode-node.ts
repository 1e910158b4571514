import { WebSocket } from 'ws'
import { sampleSum } from './process-metrics.js'
import { launch, P2P_MAIN, type RunningProcess } from './processes.js'

/** A websocket client of one of our nodes that keeps every frame it is sent, parsed. */
export interface FrameLog {
  readonly messages: Array<Record<string, unknown>>
  close(): void
}

export interface TeranodeNode {
  readonly process: RunningProcess
  readonly peerId: string
  /** The loopback TCP address with /p2p/<id>. */
  readonly address: string
  readonly httpPort: number
  /** Everything sent to a client of /ws since start. */
  readonly ws: FrameLog
  /** Opens another websocket client, e.g. on /p2p-ws. */
  listen(path: string): Promise<FrameLog>
  metrics(): Promise<string>
  /** The value of one exact series, e.g. `p2p_gossip_verdicts_total{topic="block",verdict="accept"}`. */
  sample(series: string): Promise<number>
  stop(): void
}

async function openFrameLog(url: string): Promise<FrameLog> {
  const messages: Array<Record<string, unknown>> = []
  const socket = new WebSocket(url)
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>))
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  // A node stopping at the end of a test drops the socket: that is not a failure.
  socket.on('error', () => {})
  return { messages, close: () => socket.terminate() }
}

/**
 * One apps/p2p process on the teranode wire profile (regtest, loopback, private addresses and
 * data hub URLs allowed and shared) on its embedded simulated chain; `env` adds or overrides settings.
 */
export async function startTeranodeNode(
  dataDir: string,
  env: Readonly<Record<string, string>>,
): Promise<TeranodeNode> {
  const process = launch(P2P_MAIN, {
    p2p_wire_profile: 'teranode',
    p2p_network: 'regtest',
    p2p_ip: '127.0.0.1',
    p2p_port: '0',
    p2p_httpListenAddress: '127.0.0.1:0',
    p2p_allow_private_ips: 'true',
    // A loopback network: its addresses are all private, and announced only if shared.
    p2p_share_private_addresses: 'true',
    p2p_peer_cache_dir: dataDir,
    logLevel: 'INFO',
    ...env,
  })
  let started: Record<string, unknown>
  try {
    started = await process.waitForLog('p2p service started')
  } catch (error) {
    process.kill()
    throw new Error(`${String(error)}\n--- node output ---\n${process.text.slice(-30).join('\n')}`)
  }
  const addresses = started.addresses as string[]
  const httpPort = started.httpPort as number
  const url = (path: string) => `http://127.0.0.1:${httpPort}${path}`
  const metrics = async () => (await fetch(url('/metrics'))).text()
  const ws = await openFrameLog(`ws://127.0.0.1:${httpPort}/ws`)
  const opened = [ws]
  return {
    process,
    peerId: started.peerId as string,
    address: addresses.find((a) => a.startsWith('/ip4/127.0.0.1/tcp/')) ?? (addresses[0] as string),
    httpPort,
    ws,
    listen: async (path) => {
      const log = await openFrameLog(`ws://127.0.0.1:${httpPort}${path}`)
      opened.push(log)
      return log
    },
    metrics,
    // The closing space keeps `…{a="b"}` from also matching a longer label set.
    sample: async (series) => sampleSum(await metrics(), `${series} `),
    stop: () => {
      for (const log of opened) log.close()
      process.kill()
    },
  }
}
