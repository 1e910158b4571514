import type { LogContext, Logger } from '@p2p/domain'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LogEntry {
  readonly level: LogLevel
  readonly message: string
  /** Child bindings merged with the call's context; the call's own keys win. */
  readonly context: LogContext
}

export interface MemoryLoggerOptions {
  /** Context merged into every entry, as a child's bindings are. */
  readonly bindings?: LogContext
}

/** Records every log call so tests can assert on what was said, at which level, with what context. */
export class MemoryLogger implements Logger {
  private records: LogEntry[] = []
  private readonly bindings: LogContext

  constructor(options: MemoryLoggerOptions = {}) {
    this.bindings = options.bindings ?? {}
  }

  debug(message: string, context?: LogContext): void {
    this.record('debug', message, context)
  }

  info(message: string, context?: LogContext): void {
    this.record('info', message, context)
  }

  warn(message: string, context?: LogContext): void {
    this.record('warn', message, context)
  }

  error(message: string, context?: LogContext): void {
    this.record('error', message, context)
  }

  child(bindings: LogContext): MemoryLogger {
    const child = new MemoryLogger({ bindings: { ...this.bindings, ...bindings } })
    // Children write to their root's list, so a test holding the root sees everything.
    child.records = this.records
    return child
  }

  get entries(): readonly LogEntry[] {
    return this.records
  }

  /** The first entry with this level and message. */
  find(level: LogLevel, message: string): LogEntry | undefined {
    return this.records.find((entry) => entry.level === level && entry.message === message)
  }

  /** Every entry at `level`, optionally only those with `message`. */
  filter(level: LogLevel, message?: string): LogEntry[] {
    return this.records.filter(
      (entry) => entry.level === level && (message === undefined || entry.message === message),
    )
  }

  messages(level?: LogLevel): string[] {
    return this.records.filter((entry) => level === undefined || entry.level === level).map((e) => e.message)
  }

  clear(): void {
    this.records.length = 0
  }

  private record(level: LogLevel, message: string, context: LogContext = {}): void {
    this.records.push({ level, message, context: { ...this.bindings, ...context } })
  }
}
