import type { LogContext, Logger } from '@p2p/domain'
import { type DestinationStream, type Logger as Pino, pino } from 'pino'
import { BoundedDestination } from './bounded-destination.js'
import { prettyStream } from './pretty-stream.js'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevelName = (typeof LOG_LEVELS)[number]

export interface PinoLoggerOptions {
  readonly level?: LogLevelName
  /**
   * Where JSON lines go, as they are (no bound, no format). When absent: standard output,
   * through a buffer of at most `maxBufferedBytes`, past which lines are dropped and counted.
   */
  readonly destination?: DestinationStream
  /** Standard output only: JSON lines, or one readable line each for a terminal. */
  readonly format?: 'json' | 'pretty'
  /** Standard output only: bytes waiting for a slow reader before lines are dropped. */
  readonly maxBufferedBytes?: number
  /** Bindings on every line (service name, peer id). */
  readonly base?: LogContext
}

/**
 * The Logger port over pino: one JSON line per record, the level as its name, the message as
 * `msg`. Context from the network is made safe first, so no value can make logging throw.
 * Standard output that cannot keep up (a stalled pipe) costs lines, never unbounded memory:
 * how many were dropped is logged once it drains (see BoundedDestination).
 */
export class PinoLogger implements Logger {
  private constructor(
    private readonly pino: Pino,
    private readonly bounded: BoundedDestination | undefined,
  ) {}

  static create(options: PinoLoggerOptions = {}): PinoLogger {
    if (options.destination !== undefined)
      return new PinoLogger(pinoOn(options, options.destination), undefined)
    const bounded = new BoundedDestination(
      {},
      options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes },
    )
    const instance = pinoOn(
      options,
      options.format === 'pretty' ? prettyStream(bounded.stream) : bounded.stream,
    )
    bounded.report = (dropped) => {
      const context = { dropped, droppedTotal: bounded.droppedLines }
      const message = 'log lines dropped: standard output did not keep up'
      if (instance.isLevelEnabled('warn')) instance.warn(context, message)
      else instance.error(context, message)
    }
    return new PinoLogger(instance, bounded)
  }

  /** Lines dropped because standard output did not keep up (0 with a destination of the caller's). */
  get droppedLines(): number {
    return this.bounded?.droppedLines ?? 0
  }

  debug(message: string, context?: LogContext): void {
    this.pino.debug(safeContext(context), message)
  }

  info(message: string, context?: LogContext): void {
    this.pino.info(safeContext(context), message)
  }

  warn(message: string, context?: LogContext): void {
    this.pino.warn(safeContext(context), message)
  }

  error(message: string, context?: LogContext): void {
    this.pino.error(safeContext(context), message)
  }

  child(bindings: LogContext): Logger {
    return new PinoLogger(this.pino.child(safeContext(bindings)), this.bounded)
  }

  /** Writes out what pino has buffered (before the process exits). */
  flush(): void {
    this.pino.flush()
  }
}

function pinoOn(options: PinoLoggerOptions, destination: DestinationStream): Pino {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base === undefined ? null : safeContext(options.base),
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  )
}

/**
 * Plain JSON values only: bigints as decimal text, errors as name and message, cycles and
 * functions cut, long strings shortened. pino would throw on a bigint, and a hostile peer can
 * put one (or a 10 MB string) into a context.
 */
export function safeContext(context: LogContext | undefined): Record<string, unknown> {
  if (context === undefined) return {}
  return sanitise(context, new WeakSet(), 0) as Record<string, unknown>
}

const MAX_DEPTH = 6
const MAX_STRING = 4_096
const MAX_KEYS = 64

function sanitise(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…(${value.length} chars)` : value
    case 'number':
    case 'boolean':
      return value
    case 'bigint':
      return value.toString()
    case 'undefined':
      return undefined
    case 'symbol':
    case 'function':
      return `[${typeof value}]`
  }
  if (value === null) return null
  const object = value as object
  if (seen.has(object)) return '[circular]'
  if (depth >= MAX_DEPTH) return '[too deep]'
  seen.add(object)
  try {
    if (object instanceof Error)
      return { name: object.name, message: sanitise(object.message, seen, depth + 1) }
    if (object instanceof Uint8Array) return `[${object.byteLength} bytes]`
    if (Array.isArray(object)) return object.slice(0, MAX_KEYS).map((item) => sanitise(item, seen, depth + 1))
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(object).slice(0, MAX_KEYS)) {
      out[key] = sanitise((object as Record<string, unknown>)[key], seen, depth + 1)
    }
    return out
  } catch {
    return '[unreadable]'
  } finally {
    seen.delete(object)
  }
}
