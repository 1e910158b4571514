import type { LogContext, Logger } from '@p2p/domain'
import type { LogLevel } from './memory-logger.js'

export interface CountingLoggerOptions {
  /** Warnings and errors kept word for word, the first ones only (default 5). */
  readonly keepProblems?: number
}

interface Tally {
  readonly counts: Map<LogLevel, Map<string, number>>
  readonly firstProblems: string[]
  readonly keepProblems: number
}

/**
 * A Logger that keeps counts, not records: how often each message was logged at each level, and
 * the first few warnings and errors. For runs whose own bookkeeping must not be what they measure
 * (benchmarks, floods, fuzzing): MemoryLogger would hold every line. Children share the counts.
 */
export class CountingLogger implements Logger {
  private readonly tally: Tally

  constructor(options: CountingLoggerOptions = {}, parent?: CountingLogger) {
    this.tally = parent?.tally ?? {
      counts: new Map(),
      firstProblems: [],
      keepProblems: Math.max(0, options.keepProblems ?? 5),
    }
  }

  debug(message: string, _context?: LogContext): void {
    this.count('debug', message)
  }

  info(message: string, _context?: LogContext): void {
    this.count('info', message)
  }

  warn(message: string, context?: LogContext): void {
    this.problem('warn', message, context)
  }

  error(message: string, context?: LogContext): void {
    this.problem('error', message, context)
  }

  child(): CountingLogger {
    return new CountingLogger({}, this)
  }

  /** How many lines were logged at `level`, all of them or only those saying `message`. */
  countOf(level: LogLevel, message?: string): number {
    const byMessage = this.tally.counts.get(level)
    if (byMessage === undefined) return 0
    if (message !== undefined) return byMessage.get(message) ?? 0
    let total = 0
    for (const count of byMessage.values()) total += count
    return total
  }

  /** Warnings and errors logged. */
  get problems(): number {
    return this.countOf('warn') + this.countOf('error')
  }

  /** The first warnings and errors, as `level: message {context}`. */
  get firstProblems(): readonly string[] {
    return this.tally.firstProblems
  }

  /** Messages logged at any level, the most frequent first. */
  topMessages(limit = 12): Record<string, number> {
    const totals = new Map<string, number>()
    for (const byMessage of this.tally.counts.values()) {
      for (const [message, count] of byMessage) totals.set(message, (totals.get(message) ?? 0) + count)
    }
    return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).slice(0, limit))
  }

  private problem(level: 'warn' | 'error', message: string, context: LogContext | undefined): void {
    this.count(level, message)
    const { firstProblems, keepProblems } = this.tally
    if (firstProblems.length < keepProblems) {
      firstProblems.push(`${level}: ${message} ${describe(context ?? {})}`)
    }
  }

  private count(level: LogLevel, message: string): void {
    let byMessage = this.tally.counts.get(level)
    if (byMessage === undefined) {
      byMessage = new Map()
      this.tally.counts.set(level, byMessage)
    }
    byMessage.set(message, (byMessage.get(message) ?? 0) + 1)
  }
}

/** A logger must not throw: a context JSON cannot hold (a bigint, a cycle) is still described. */
function describe(context: LogContext): string {
  try {
    return JSON.stringify(context, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    )
  } catch {
    return String(context)
  }
}
