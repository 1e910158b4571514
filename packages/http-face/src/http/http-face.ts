import { readFile } from 'node:fs/promises'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import {
  type BroadcastMetrics,
  type Clock,
  type Logger,
  type NotificationSink,
  P2PError,
  type Startable,
} from '@p2p/domain'
import {
  NotificationBroadcaster,
  type NotificationBroadcasterDeps,
} from '../websocket/notification-broadcaster.js'
import type { NotificationBroadcasterOptionsInput } from '../websocket/sink-options.js'
import { answerClientError, rawResponse } from './client-error-reply.js'
import { createHttpApp, type MetricsExposition } from './http-app.js'
import type { StatusSource } from './node-status.js'
import { parseServerLimits, type ServerLimits, type ServerLimitsInput } from './server-limits.js'

/** The spec's route, and the reference's later alias. */
export const WEBSOCKET_PATHS = ['/ws', '/p2p-ws'] as const

export interface HttpFaceOptions {
  /** `p2p_httpListenAddress`: `host:port` or `:port` (all interfaces); port 0 picks one. */
  readonly listen: string
  /** `securityLevelHTTP` ≠ 0: serve HTTPS with `server_certFile` / `server_keyFile`. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | undefined
  readonly websocket?: NotificationBroadcasterOptionsInput
  /** Connection cap, timeouts and size limits (see server-limits.ts for the defaults and why). */
  readonly limits?: ServerLimitsInput
  /** `p2p_status_detail`: show upstreams' own detail text (addresses, errors) to anyone who asks. */
  readonly statusDetail?: boolean
}

export interface HttpFaceDeps {
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: BroadcastMetrics
  /** The node's status; the face adds its websocket client count. */
  readonly status: StatusSource
  readonly metricsExposition?: () => Promise<MetricsExposition>
  /** What a new websocket client is sent first (see NotificationBroadcasterDeps). */
  readonly nodeStatuses?: NotificationBroadcasterDeps['nodeStatuses']
  /** The sampled messages' stage times, for `/debug/trace`; the route answers 404 without it. */
  readonly traced?: () => unknown
}

/**
 * The service's HTTP face: health, status, Prometheus metrics, the dashboard page, and the
 * websocket notification stream on `/ws` and `/p2p-ws`. `sink` is the NotificationSink the core
 * notifies.
 */
export class HttpFace implements Startable {
  readonly sink: NotificationSink
  private readonly broadcaster: NotificationBroadcaster
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private readonly limits: ServerLimits
  private boundPort: number | undefined

  constructor(
    private readonly deps: HttpFaceDeps,
    private readonly options: HttpFaceOptions,
  ) {
    this.limits = parseServerLimits(options.limits ?? {})
    this.broadcaster = new NotificationBroadcaster(deps, options.websocket)
    this.sink = this.broadcaster
  }

  /** The port listened on (the one picked, for port 0); undefined unless started. */
  get port(): number | undefined {
    return this.boundPort
  }

  get websocketClients(): number {
    return this.broadcaster.clientCount
  }

  /** Sockets open on the HTTP port, websockets included. */
  get connections(): number {
    return this.sockets.size
  }

  /** Listens (see `port`). A missing certificate or a taken port is an invalid_config error. */
  async start(): Promise<void> {
    if (this.server !== undefined) throw new P2PError('internal', 'the HTTP face is already started')
    const limits = this.limits
    const app = createHttpApp({
      status: () => ({ ...this.deps.status(), websocketClients: this.broadcaster.clientCount }),
      logger: this.deps.logger,
      exposeStatusDetail: this.options.statusDetail === true,
      maxUrlBytes: limits.maxUrlBytes,
      ...(this.deps.metricsExposition === undefined ? {} : { metrics: this.deps.metricsExposition }),
      ...(this.deps.traced === undefined ? {} : { traced: this.deps.traced }),
    })
    const serverOptions = {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    }
    const server =
      this.options.tls === undefined
        ? createHttpServer(serverOptions, app)
        : createHttpsServer(
            // A TLS handshake that never finishes holds a socket as long as silent headers would.
            {
              ...serverOptions,
              ...(await readTls(this.options.tls)),
              handshakeTimeout: limits.headersTimeoutMs,
            },
            app,
          )
    // Past the cap Node closes a new socket as soon as it is accepted, upgrades included: a
    // websocket is a socket of this server for as long as it lives.
    server.maxConnections = limits.maxConnections
    const websocketCap = this.options.websocket?.maxClients
    if (websocketCap !== undefined && websocketCap >= limits.maxConnections) {
      this.deps.logger.warn('the HTTP connection cap leaves no room above the websocket client cap', {
        maxConnections: limits.maxConnections,
        websocketMaxClients: websocketCap,
      })
    }
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.once('close', () => this.sockets.delete(socket))
    })
    server.on('upgrade', (request, socket, head) => {
      if (Buffer.byteLength(request.url ?? '') > limits.maxUrlBytes) {
        socket.end(rawResponse(414, 'URI too long'))
        return
      }
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      if ((WEBSOCKET_PATHS as readonly string[]).includes(path))
        this.broadcaster.handleUpgrade(request, socket, head)
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    })
    const answered = new WeakSet<Duplex>()
    server.on('clientError', (error, socket) => answerClientError(error, socket, answered, limits))
    const { host, port } = splitListen(this.options.listen)
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new P2PError('invalid_config', `cannot listen on ${this.options.listen}: ${error.message}`, {
            cause: error,
          }),
        ),
      )
      server.listen(port, host, () => resolve())
    })
    this.server = server
    await this.broadcaster.start()
    const address = server.address()
    this.boundPort = typeof address === 'object' && address !== null ? address.port : port
    this.deps.logger.info('http listening', {
      address: this.options.listen,
      port: this.boundPort,
      tls: this.options.tls !== undefined,
    })
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    this.boundPort = undefined
    await this.broadcaster.stop()
    if (server === undefined) return
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    for (const socket of this.sockets) socket.destroy()
    await closed
  }
}

function splitListen(listen: string): { host: string | undefined; port: number } {
  const separator = listen.lastIndexOf(':')
  const host = listen.slice(0, separator).replace(/^\[|\]$/g, '')
  const port = Number(listen.slice(separator + 1))
  if (separator < 0 || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new P2PError('invalid_config', `p2p_httpListenAddress must be host:port or :port, got ${listen}`)
  }
  return { host: host === '' ? undefined : host, port }
}

async function readTls(tls: { certFile: string; keyFile: string }): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (setting: string, path: string) => {
    try {
      return await readFile(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
      throw new P2PError('invalid_config', `cannot read ${setting} ${path} (${code})`, {
        cause: error,
        context: { path },
      })
    }
  }
  return { cert: await read('server_certFile', tls.certFile), key: await read('server_keyFile', tls.keyFile) }
}
