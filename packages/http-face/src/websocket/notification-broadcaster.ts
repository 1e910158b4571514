import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  type BroadcastMetrics,
  type ClientCloseReason,
  type Clock,
  encodeNotification,
  type Logger,
  type NodeStatusMessage,
  type Notification,
  type NotificationSink,
  type NotificationType,
  type Startable,
  type TimerHandle,
} from '@p2p/domain'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import { ClientConnection } from './client-connection.js'
import {
  clientFrameSchema,
  type NotificationBroadcasterOptions,
  type NotificationBroadcasterOptionsInput,
  parseNotificationBroadcasterOptions,
  typeFilterSchema,
} from './sink-options.js'

/** A node's latest status and when it arrived (the core's `KnownStatus` fits as it is). */
export interface KnownNodeStatus {
  readonly status: NodeStatusMessage
  readonly receivedMs: number
}

export interface NotificationBroadcasterDeps {
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: BroadcastMetrics
  /**
   * The latest status of every known node, ours included. A new client is sent these first, as
   * the teranode reference does, so it sees the network without waiting up to 10 s per node.
   */
  readonly nodeStatuses?: (() => readonly KnownNodeStatus[]) | undefined
}

/** Close codes sent with an eviction, so a client can tell why. */
const CLOSE_CODE: Readonly<Record<ClientCloseReason, number>> = {
  closed: 1000,
  shutdown: 1001,
  bad_frame: 1008,
  slow: 1013,
  unresponsive: 1001,
  over_capacity: 1013,
  origin_refused: 1008,
}

/**
 * The NotificationSink over websockets. Each notification is serialised once and the same bytes
 * go to every client that wants it; `notify` never waits on a client. A client that falls behind
 * (unsent bytes past a bound) or stops answering pings is evicted; one that sends anything but a
 * small type filter is closed. The HTTP server hands it upgrades for its routes.
 */
export class NotificationBroadcaster implements NotificationSink, Startable {
  private readonly options: NotificationBroadcasterOptions
  private readonly server: WebSocketServer
  private readonly clients = new Set<ClientConnection>()
  private pingTimer: TimerHandle | undefined
  private heartbeatTimer: TimerHandle | undefined
  private running = false

  constructor(
    private readonly deps: NotificationBroadcasterDeps,
    options: NotificationBroadcasterOptionsInput = {},
  ) {
    this.options = parseNotificationBroadcasterOptions(options)
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.maxPayloadBytes,
      perMessageDeflate: false,
      clientTracking: false,
    })
  }

  get clientCount(): number {
    return this.clients.size
  }

  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    this.schedulePing()
    this.scheduleHeartbeat()
  }

  /** Closes every client with "going away" and stops the timers. */
  async stop(): Promise<void> {
    this.running = false
    this.pingTimer?.cancel()
    this.heartbeatTimer?.cancel()
    for (const client of [...this.clients]) this.close(client, 'shutdown')
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  notify(notification: Notification): void {
    if (!this.running || this.clients.size === 0) return
    const started = performance.now()
    const frame = Buffer.from(encodeNotification(notification), 'utf8')
    let sent = 0
    let skipped = 0
    for (const client of this.clients) {
      if (client.closing || !client.wants(notification.type)) continue
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes) {
        skipped++
        this.close(client, 'slow')
        continue
      }
      client.socket.send(frame, { binary: false })
      sent++
    }
    this.deps.metrics.notificationBroadcast(
      notification.type,
      frame.byteLength,
      sent,
      (performance.now() - started) / 1000,
    )
    if (skipped > 0) this.deps.metrics.notificationsSkipped(notification.type, skipped)
  }

  /** Takes an HTTP upgrade for a websocket route; refuses it when over capacity or from a foreign origin. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refusal = this.refusal(request)
    if (refusal !== undefined) {
      this.deps.metrics.clientClosed(refusal.reason)
      socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    let types: ReadonlySet<NotificationType> | undefined
    try {
      types = typesFromUrl(request.url)
    } catch {
      this.deps.metrics.clientClosed('bad_frame')
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, types))
  }

  private refusal(request: IncomingMessage): { status: string; reason: ClientCloseReason } | undefined {
    if (!this.running) return { status: '503 Service Unavailable', reason: 'shutdown' }
    const allowed = this.options.allowedOrigins
    if (allowed !== undefined && !allowed.includes(request.headers.origin ?? '')) {
      return { status: '403 Forbidden', reason: 'origin_refused' }
    }
    if (this.clients.size >= this.options.maxClients)
      return { status: '503 Service Unavailable', reason: 'over_capacity' }
    return undefined
  }

  private accept(socket: WebSocket, types: ReadonlySet<NotificationType> | undefined): void {
    const client = new ClientConnection(socket, types)
    // Sent before the client joins the set: notify is synchronous, so no live frame can pass them.
    this.sendKnownStatuses(client)
    this.clients.add(client)
    this.deps.metrics.clientConnected()
    socket.on('pong', () => {
      client.alive = true
    })
    socket.on('message', (data, isBinary) => this.onFrame(client, data, isBinary))
    // Oversized or malformed frames surface here (ws closes the socket itself with 1009/1002).
    socket.on('error', () => this.close(client, 'bad_frame'))
    socket.on('close', () => this.forget(client, 'closed'))
  }

  /**
   * Each known status as a node_status frame stamped with its arrival, counted like a
   * notification handed to one client. A listing too large for the client's send bound is cut
   * there (the rest counted as skipped): a thousand nodes must not hold megabytes per client.
   */
  private sendKnownStatuses(client: ClientConnection): void {
    if (this.deps.nodeStatuses === undefined || !client.wants('node_status')) return
    const known = this.deps.nodeStatuses()
    for (let i = 0; i < known.length; i++) {
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes) {
        this.deps.metrics.notificationsSkipped('node_status', known.length - i)
        return
      }
      const { status, receivedMs } = known[i] as KnownNodeStatus
      const started = performance.now()
      let frame: Buffer
      try {
        frame = Buffer.from(
          encodeNotification({ type: 'node_status', timestampMs: receivedMs, status }),
          'utf8',
        )
      } catch (error) {
        // The source hands over checked statuses; one that is not is left out, not fatal.
        this.deps.logger.debug('known node status not encodable', { reason: String(error) })
        continue
      }
      client.socket.send(frame, { binary: false })
      const seconds = (performance.now() - started) / 1000
      this.deps.metrics.notificationBroadcast('node_status', frame.byteLength, 1, seconds)
    }
  }

  private onFrame(client: ClientConnection, data: RawData, isBinary: boolean): void {
    if (client.closing) return
    if (++client.frames > this.options.maxClientFramesPerInterval || isBinary) {
      this.close(client, 'bad_frame')
      return
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(rawText(data))
    } catch {
      parsed = undefined
    }
    const frame = clientFrameSchema.safeParse(parsed)
    if (!frame.success) {
      this.close(client, 'bad_frame')
      return
    }
    client.types = new Set(frame.data.types)
  }

  private close(client: ClientConnection, reason: ClientCloseReason): void {
    if (client.closing) return
    client.closing = true
    if (reason === 'slow' || reason === 'unresponsive') {
      // It is not reading: a close handshake would wait on it too. Drop the connection.
      client.socket.terminate()
    } else {
      client.socket.close(CLOSE_CODE[reason], reason)
      // A peer that ignores the close handshake is cut off after a while.
      const timer = this.deps.clock.setTimer(5_000, () => client.socket.terminate())
      client.socket.once('close', () => timer.cancel())
    }
    this.forget(client, reason)
    if (reason !== 'closed' && reason !== 'shutdown') {
      this.deps.logger.debug('websocket client evicted', { reason, clients: this.clients.size })
    }
  }

  private forget(client: ClientConnection, reason: ClientCloseReason): void {
    if (!this.clients.delete(client)) return
    client.closing = true
    this.deps.metrics.clientClosed(reason)
  }

  private schedulePing(): void {
    if (!this.running) return
    this.pingTimer = this.deps.clock.setTimer(this.options.pingIntervalMs, () => {
      if (this.clients.size > 0) this.notify({ type: 'PING', timestampMs: this.deps.clock.now() })
      this.schedulePing()
    })
  }

  private scheduleHeartbeat(): void {
    if (!this.running) return
    this.heartbeatTimer = this.deps.clock.setTimer(this.options.heartbeatIntervalMs, () => {
      for (const client of [...this.clients]) {
        client.frames = 0
        if (!client.alive) {
          this.close(client, 'unresponsive')
          continue
        }
        client.alive = false
        client.socket.ping()
      }
      this.scheduleHeartbeat()
    })
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data as ArrayBuffer).toString('utf8')
}

/** `?types=block,subtree`: an unknown type is an error, so a typo is not silently "all". */
function typesFromUrl(url: string | undefined): ReadonlySet<NotificationType> | undefined {
  const raw = new URL(url ?? '/', 'http://localhost').searchParams.get('types')
  if (raw === null) return undefined
  const parsed = typeFilterSchema.parse(raw.split(',').filter((t) => t !== ''))
  return new Set(parsed)
}
