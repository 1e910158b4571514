export type LogContext = Readonly<Record<string, unknown>>

/** Structured logging: a fixed message and a context object, never data spliced into text. */
export interface Logger {
  debug(message: string, context?: LogContext): void
  info(message: string, context?: LogContext): void
  warn(message: string, context?: LogContext): void
  error(message: string, context?: LogContext): void
  child(bindings: LogContext): Logger
}
