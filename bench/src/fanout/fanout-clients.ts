// The websocket clients of a fan-out run, as a child process: N `ws` clients subscribed to subtree
// notifications and, on request, one stalled client (a raw TCP socket that completes the upgrade,
// unfiltered, and then never reads again).
import { connect, type Socket } from 'node:net'
import { WebSocket } from 'ws'
import { serveParent } from '../lib/ipc.js'
import { Samples, summarize } from '../lib/stats.js'
import { wallNow } from '../lib/time.js'
import { stampOf } from './frames.js'

const port = Number(process.argv[2])
const url = `ws://127.0.0.1:${port}/ws?types=subtree`

interface Client {
  readonly socket: WebSocket
  received: number
  closed: boolean
}

const clients: Client[] = []
let stalled: Socket | undefined
let recordLatency = false
let fromSeq = 0
let latencies = new Samples()
let lastArrivalMs = 0
let total = 0
let waiter: { expected: number; resolve(): void } | undefined

function onFrame(client: Client, text: string): void {
  const at = wallNow()
  const stamp = stampOf(text)
  // PINGs carry no hash; frames from before the last reset are late arrivals of an earlier phase.
  if (stamp === undefined || stamp.seq < fromSeq) return
  client.received++
  total++
  lastArrivalMs = at
  if (recordLatency) latencies.push(at - stamp.sentAtMs)
  if (waiter !== undefined && total >= waiter.expected) waiter.resolve()
}

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false })
    const client: Client = { socket, received: 0, closed: false }
    socket.on('message', (data) => onFrame(client, String(data)))
    socket.once('open', () => {
      clients.push(client)
      resolve()
    })
    socket.on('close', () => {
      client.closed = true
    })
    socket.once('error', reject)
  })
}

/** Completes the websocket upgrade by hand, then stops reading: the kernel buffers fill, then the server's. */
function stall(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    stalled = socket
    let head = ''
    socket.on('error', () => {})
    socket.once('connect', () =>
      socket.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
    )
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      socket.off('data', onData)
      socket.pause()
      if (head.startsWith('HTTP/1.1 101')) resolve()
      else reject(new Error(`the stalled client's upgrade was refused: ${head.split('\r\n')[0]}`))
    }
    socket.on('data', onData)
  })
}

/** Resolves once `expected` frames arrived in this phase, or none arrived for `quietMs`, or after `maxMs`. */
function waitTotal({ expected, quietMs, maxMs }: { expected: number; quietMs: number; maxMs: number }) {
  return new Promise<{ total: number; lastArrivalMs: number }>((resolve) => {
    const started = Date.now()
    let seen = total
    let changed = Date.now()
    const finish = () => {
      clearInterval(timer)
      waiter = undefined
      resolve({ total, lastArrivalMs })
    }
    const timer = setInterval(() => {
      if (total !== seen) {
        seen = total
        changed = Date.now()
      }
      if (Date.now() - changed > quietMs || Date.now() - started > maxMs) finish()
    }, 50)
    waiter = { expected, resolve: finish }
    if (total >= expected) finish()
  })
}

serveParent(
  {
    connect: async ({ count }: { count: number }) => {
      // In batches, so the listen backlog never overflows (a dropped SYN costs a 1 s retry).
      for (let opened = 0; opened < count; opened += 50)
        await Promise.all(Array.from({ length: Math.min(50, count - opened) }, () => open()))
      return clients.length
    },
    stall: () => stall(),
    unstall: () => {
      stalled?.destroy()
      stalled = undefined
    },
    reset: (p: { record: boolean; fromSeq: number }) => {
      recordLatency = p.record
      fromSeq = p.fromSeq
      latencies = new Samples()
      lastArrivalMs = 0
      total = 0
      for (const c of clients) c.received = 0
    },
    waitTotal,
    report: () => {
      let minPerClient = Number.POSITIVE_INFINITY
      for (const c of clients) minPerClient = Math.min(minPerClient, c.received)
      return {
        total,
        minPerClient,
        lastArrivalMs,
        latency: summarize(latencies.values()),
        closedClients: clients.filter((c) => c.closed).length,
      }
    },
    stop: () => {
      for (const c of clients) c.socket.terminate()
      stalled?.destroy()
    },
  },
  { pid: process.pid },
)
