export { SystemClock } from './clock/system-clock.js'
export {
  DEFAULT_EVENT_LOOP_LOAD,
  EventLoopLoadGauge,
  type EventLoopLoadGaugeDeps,
  type EventLoopLoadGaugeOptions,
  type EventLoopLoadStats,
} from './load/event-loop-load-gauge.js'
export {
  BoundedDestination,
  type BoundedDestinationDeps,
  type BoundedDestinationOptions,
  DEFAULT_LOG_BUFFER_BYTES,
} from './logging/bounded-destination.js'
export {
  LOG_LEVELS,
  type LogLevelName,
  PinoLogger,
  type PinoLoggerOptions,
  safeContext,
} from './logging/pino-logger.js'
export { prettyLine, prettyStream } from './logging/pretty-stream.js'
export { wallClockNow } from './trace/wall-clock.js'
