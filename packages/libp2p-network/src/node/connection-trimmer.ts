import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'

/** One open connection, as the trimmer sees it. */
export interface TrimmableConnection {
  readonly peer: string
  /** ms since the epoch, on the trimmer's clock. */
  readonly openedAt: number
  close(): Promise<void>
}

/** What the trimmer needs of the node; narrow so it can be tested without sockets. */
export interface TrimmerHost {
  connections(): readonly TrimmableConnection[]
  /** Peers never trimmed: topic peers, static and bootstrap peers. */
  isProtected(peer: string): boolean
}

export interface ConnectionTrimmerDeps {
  readonly host: TrimmerHost
  readonly logger: Logger
  readonly now: () => number
}

export interface ConnectionTrimmerOptions {
  /** Trim down to this many connections... */
  readonly low: number
  /** ...once there are more than this many. */
  readonly high: number
  /** A connection younger than this is never trimmed: it may be about to join a topic. */
  readonly graceMs: number
  /** How often the count is checked besides on every new connection. */
  readonly checkIntervalMs: number
}

/**
 * Low and high water marks for connections, as today's Teranode networks run them (25 / 35,
 * 20 s grace): past the high mark, the oldest unprotected connections past their grace are
 * closed until the low mark is reached. libp2p 3's connection manager has only a hard cap
 * (`maxConnections`), which stays in place above this as the limit nobody passes; this keeps
 * a node well below it without ever dropping a peer we gossip with.
 */
export class ConnectionTrimmer {
  private timer: NodeJS.Timeout | undefined
  private pending: NodeJS.Immediate | undefined
  private trimmed = 0
  private readonly host: TrimmerHost
  private readonly logger: Logger
  private readonly now: () => number

  constructor(
    deps: ConnectionTrimmerDeps,
    private readonly options: ConnectionTrimmerOptions,
  ) {
    if (!(options.low <= options.high)) throw new RangeError('connection limits need low <= high')
    this.host = deps.host
    this.logger = deps.logger
    this.now = deps.now
  }

  start(): void {
    if (this.timer !== undefined) return
    this.timer = setInterval(() => this.check(), this.options.checkIntervalMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
    if (this.pending !== undefined) clearImmediate(this.pending)
    this.pending = undefined
  }

  /** To be called on every new connection; checks once per turn of the event loop at most. */
  connected(): void {
    if (this.timer === undefined || this.pending !== undefined) return
    this.pending = setImmediate(() => {
      this.pending = undefined
      this.check()
    })
  }

  /** Connections closed for being over the marks since start (diagnostics). */
  get trimmedCount(): number {
    return this.trimmed
  }

  /** Closes what is over the marks now; returns how many connections it closed. */
  check(): number {
    const connections = this.host.connections()
    if (connections.length <= this.options.high) return 0
    const cutoff = this.now() - this.options.graceMs
    const candidates = connections
      .filter((c) => c.openedAt <= cutoff && !this.host.isProtected(c.peer))
      .sort((a, b) => a.openedAt - b.openedAt)
    const excess = connections.length - this.options.low
    const victims = candidates.slice(0, excess)
    for (const connection of victims) {
      connection.close().catch((error: unknown) => {
        this.logger.debug('could not close a trimmed connection', {
          peer: connection.peer,
          error: errorText(error),
        })
      })
    }
    this.trimmed += victims.length
    if (victims.length > 0) {
      this.logger.info('closed connections over the high mark', {
        connections: connections.length,
        closed: victims.length,
        low: this.options.low,
        high: this.options.high,
        protectedOrYoung: connections.length - candidates.length,
      })
    }
    return victims.length
  }
}
