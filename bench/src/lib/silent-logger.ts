import type { LogContext, Logger } from '@p2p/domain'

interface Sink {
  problems: number
  readonly first: string[]
  /** Every record's message, counted (debug included): what the component was busy with. */
  readonly counts: Map<string, number>
}

/** A Logger that prints nothing: it counts records by message and keeps the first few warnings and errors. */
export class QuietLogger implements Logger {
  constructor(private readonly sink: Sink = { problems: 0, first: [], counts: new Map() }) {}

  get problems(): number {
    return this.sink.problems
  }

  get firstProblems(): readonly string[] {
    return this.sink.first
  }

  /** Messages logged, most frequent first. */
  topMessages(limit = 12): Record<string, number> {
    return Object.fromEntries([...this.sink.counts].sort((a, b) => b[1] - a[1]).slice(0, limit))
  }

  debug(message: string): void {
    this.count(message)
  }
  info(message: string): void {
    this.count(message)
  }
  warn(message: string, context?: LogContext): void {
    this.note('warn', message, context)
  }
  error(message: string, context?: LogContext): void {
    this.note('error', message, context)
  }
  child(): Logger {
    return new QuietLogger(this.sink)
  }

  private count(message: string): void {
    this.sink.counts.set(message, (this.sink.counts.get(message) ?? 0) + 1)
  }

  private note(level: string, message: string, context?: LogContext): void {
    this.count(message)
    this.sink.problems++
    if (this.sink.first.length < 5)
      this.sink.first.push(`${level}: ${message} ${JSON.stringify(context ?? {})}`)
  }
}
