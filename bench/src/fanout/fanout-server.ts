// The websocket server of a fan-out run, as a child process: our HttpFace, or a raw `ws` server.
import { createServer } from 'node:http'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type BroadcastMetrics, type ClientCloseReason, encodeNotification } from '@p2p/domain'
import { HttpFace } from '@p2p/http-face'
import { CountingLogger } from '@p2p/memory-ports'
import { SystemClock } from '@p2p/node-runtime'
import { WebSocket, WebSocketServer } from 'ws'
import { serveParent } from '../lib/ipc.js'
import { pace } from '../lib/pacer.js'
import { wallNow } from '../lib/time.js'
import { floodNotification, frameTemplate, notification, stampedHash } from './frames.js'

const kind = process.argv[2] === 'raw' ? 'raw' : 'face'

interface Server {
  readonly port: number
  clients(): number
  broadcast(seq: number): void
  /** A notification only unfiltered clients (the stalled one) want. */
  flood(seq: number): void
  stats(): Record<string, unknown>
  stop(): Promise<void>
}

async function faceServer(): Promise<Server> {
  const closes: Partial<Record<ClientCloseReason, number>> = {}
  let skipped = 0
  const metrics: BroadcastMetrics = {
    clientConnected: () => {},
    clientClosed: (reason) => {
      closes[reason] = (closes[reason] ?? 0) + 1
    },
    notificationBroadcast: () => {},
    notificationsSkipped: (_type, count) => {
      skipped += count
    },
  }
  const face = new HttpFace(
    {
      clock: new SystemClock(),
      logger: new CountingLogger(),
      metrics,
      status: () => {
        throw new Error('not served in the bench')
      },
    },
    // Room for 1,000 clients plus the stalled one (the service's default cap is 1,000).
    { listen: '127.0.0.1:0', websocket: { maxClients: 2_000 } },
  )
  await face.start()
  const port = face.port
  if (port === undefined) throw new Error('the HTTP face started without a port')
  return {
    port,
    clients: () => face.websocketClients,
    broadcast: (seq) => face.sink.notify(notification(stampedHash(seq, wallNow()))),
    flood: (seq) => face.sink.notify(floodNotification(seq)),
    stats: () => ({ closes, skipped }),
    stop: () => face.stop(),
  }
}

async function rawServer(): Promise<Server> {
  const http = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 1024 })
  // Clients that asked for no type filter (the stalled one): the only ones `flood` writes to.
  const unfiltered = new Set<WebSocket>()
  wss.on('connection', (ws, request) => {
    ws.on('error', () => {})
    if (!(request.url ?? '').includes('types=')) {
      unfiltered.add(ws)
      ws.on('close', () => unfiltered.delete(ws))
    }
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  const address = http.address()
  const { before, after } = frameTemplate()
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    clients: () => wss.clients.size,
    broadcast: (seq) => {
      const frame = Buffer.from(before + stampedHash(seq, wallNow()) + after, 'utf8')
      for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false })
    },
    flood: (seq) => {
      const frame = Buffer.from(encodeNotification(floodNotification(seq)), 'utf8')
      for (const ws of unfiltered) if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false })
    },
    stats: () => ({ maxBufferedBytes: Math.max(0, ...[...wss.clients].map((ws) => ws.bufferedAmount)) }),
    stop: async () => {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

const server = kind === 'raw' ? await rawServer() : await faceServer()
let seq = 0

serveParent(
  {
    clients: () => server.clients(),
    seq: () => seq,
    flood: async ({ count }: { count: number }) => {
      for (let i = 0; i < count; i++) {
        server.flood(i)
        if ((i + 1) % 50 === 0) await nextTurn()
      }
    },
    burst: async ({ count, perTick }: { count: number; perTick: number }) => {
      const startWallMs = wallNow()
      for (let i = 0; i < count; i++) {
        server.broadcast(seq++)
        if ((i + 1) % perTick === 0) await nextTurn()
      }
      return { sent: count, startWallMs, endWallMs: wallNow() }
    },
    paced: async ({ rate, durationMs }: { rate: number; durationMs: number }) => {
      const startWallMs = wallNow()
      const result = await pace({
        rate,
        durationMs,
        maxInFlight: 1_000,
        send: async () => server.broadcast(seq++),
      })
      return { sent: result.sent, startWallMs, endWallMs: wallNow() }
    },
    stats: () => server.stats(),
    stop: () => server.stop(),
  },
  { port: server.port, kind },
)
