import type { Clock } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { WebSocket } from 'ws'
import { HttpFace, type HttpFaceDeps, type HttpFaceOptions, type NodeStatus } from '../src/index.js'

export const HEALTHY_STATUS: NodeStatus = {
  healthy: true,
  version: '0.1.0-test',
  peerId: '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo',
  uptimeSeconds: 42,
  topics: {
    bestBlock: 't-bestblock',
    block: 't-block',
    subtree: 't-subtree',
    miningOn: 't-miningon',
    rejectedTx: 't-rejected_tx',
  },
  peers: [],
  upstreams: {
    // A subscription: up, and quiet for a while (a quiet chain is a healthy one).
    blockchain: {
      state: 'up',
      sinceMs: 0,
      quietForMs: 130_000,
      lastMessageMs: 1_700_000_000_000,
      failures: 1,
      reconnects: 1,
    },
  },
  websocketClients: 0,
}

/** A started HttpFace on 127.0.0.1 with in-memory metrics, and websocket clients that record what they get. */
export async function startFace(
  options: Partial<HttpFaceOptions> = {},
  clock: Clock = new SystemClock(),
  status: () => NodeStatus = () => HEALTHY_STATUS,
  nodeStatuses?: HttpFaceDeps['nodeStatuses'],
) {
  const metrics = new MemoryMetrics()
  const logger = new MemoryLogger()
  const face = new HttpFace(
    { clock, logger, metrics, status, nodeStatuses },
    { listen: '127.0.0.1:0', ...options },
  )
  await face.start()
  const port = face.port
  if (port === undefined) throw new Error('the face started without a port')
  const clients: WebSocket[] = []
  const connect = async (path = '/ws') => {
    const messages: string[] = []
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`)
    socket.on('message', (data) => messages.push(String(data)))
    socket.on('error', () => {})
    clients.push(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return { socket, messages }
  }
  const untilClients = (n: number) =>
    waitFor(() => face.websocketClients === n, { what: `${n} websocket clients` })
  const stop = async () => {
    for (const client of clients) client.terminate()
    await face.stop()
  }
  return { face, port, metrics, logger, connect, untilClients, stop, base: `http://127.0.0.1:${port}` }
}
