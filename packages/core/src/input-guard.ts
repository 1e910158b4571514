import {
  type Clock,
  type ErrorCode,
  type InputSource,
  type Logger,
  LogLimiter,
  P2PError,
  type P2PMetrics,
  TOPIC_KINDS,
  toP2PError,
} from '@p2p/domain'

const FROM_NETWORK: ReadonlySet<InputSource> = new Set<InputSource>([...TOPIC_KINDS, 'direct'])

/** How often the same refusal of a node service's input may reach warn. */
const SERVICE_WARN_INTERVAL_MS = 10_000

export interface InputGuardDeps {
  readonly logger: Logger
  readonly metrics: P2PMetrics
  readonly clock: Pick<Clock, 'now'>
}

/**
 * The one place refused input is reported. Input from peers is logged at debug (a hostile peer
 * must not be able to fill our logs) and always counted; input from our own node services that
 * does not parse means a broken deployment, so it is a warning, but a service that sends
 * nothing but junk could still fill the log with it: each source and code reaches warn at most
 * once per interval, with the number held back, the rest at debug.
 */
export class InputGuard {
  /** Keyed by source and code, both from closed sets, so the map stays small. */
  private readonly serviceWarnings = new Map<`${InputSource}:${ErrorCode}`, LogLimiter>()

  private readonly logger: Logger
  private readonly metrics: P2PMetrics
  private readonly clock: Pick<Clock, 'now'>

  constructor(deps: InputGuardDeps) {
    this.logger = deps.logger
    this.metrics = deps.metrics
    this.clock = deps.clock
  }

  refused(source: InputSource, error: unknown, context: Readonly<Record<string, unknown>> = {}): P2PError {
    const coded = toP2PError(error, 'internal')
    this.metrics.inputRejected(source, coded.code)
    // The fixed keys go last so that no error context can make the log disagree with the metric.
    const entry = { ...coded.context, ...context, source, code: coded.code, reason: coded.message }
    if (FROM_NETWORK.has(source)) this.logger.debug('input refused', entry)
    else {
      const held = this.serviceWarning(source, coded.code).admit()
      if (held === undefined) this.logger.debug('input from node service refused', entry)
      else this.logger.warn('input from node service refused', { ...entry, alsoRefused: held })
    }
    return coded
  }

  private serviceWarning(source: InputSource, code: ErrorCode): LogLimiter {
    const key = `${source}:${code}` as const
    let limiter = this.serviceWarnings.get(key)
    if (limiter === undefined) {
      limiter = new LogLimiter({ clock: this.clock }, { intervalMs: SERVICE_WARN_INTERVAL_MS })
      this.serviceWarnings.set(key, limiter)
    }
    return limiter
  }

  /**
   * Work dropped from a queue: a full queue is an overload worth a warning; a queue closed by
   * shutdown is expected and stays at debug.
   */
  dropped(
    source: InputSource,
    reason: 'full' | 'closed',
    context: Readonly<Record<string, unknown>> = {},
  ): void {
    if (reason === 'full') {
      this.refused(source, new P2PError('queue_full', 'dropped: the queue is full'), context)
      return
    }
    this.metrics.inputRejected(source, 'stopped')
    this.logger.debug('dropped at shutdown', { ...context, source, code: 'stopped' })
  }
}
