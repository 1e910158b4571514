import {
  type InputSource,
  type Logger,
  P2PError,
  type P2PMetrics,
  TOPIC_KINDS,
  toP2PError,
} from '@p2p/domain'

const FROM_NETWORK: ReadonlySet<InputSource> = new Set<InputSource>([...TOPIC_KINDS, 'direct'])

/**
 * The one place refused input is reported. Input from peers is logged at debug (a hostile peer
 * must not be able to fill our logs) and always counted; input from our own node services that
 * does not parse means a broken deployment, so it is a warning.
 */
export class InputGuard {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: P2PMetrics,
  ) {}

  refused(source: InputSource, error: unknown, context: Readonly<Record<string, unknown>> = {}): P2PError {
    const coded = toP2PError(error, 'internal')
    this.metrics.inputRejected(source, coded.code)
    // The fixed keys go last so that no error context can make the log disagree with the metric.
    const entry = { ...coded.context, ...context, source, code: coded.code, reason: coded.message }
    if (FROM_NETWORK.has(source)) this.logger.debug('input refused', entry)
    else this.logger.warn('input from node service refused', entry)
    return coded
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
