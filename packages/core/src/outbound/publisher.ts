import {
  type Clock,
  type Logger,
  LogLimiter,
  type P2PMetrics,
  type PeerNetwork,
  type TopicKind,
  type TopicMessages,
  toP2PError,
} from '@p2p/domain'

/** How often publish failures of one kind may reach warn. */
const WARN_INTERVAL_MS = 10_000

/**
 * Publishes to the network, counting successes and failures; never throws. A node service sets
 * the pace of what we publish, so a failing network would warn once per event: each kind warns
 * at most once per interval, with the number held back.
 */
export class Publisher {
  private readonly failureWarnings = new Map<TopicKind, LogLimiter>()

  constructor(
    private readonly network: PeerNetwork,
    private readonly logger: Logger,
    private readonly metrics: P2PMetrics,
    private readonly signal: AbortSignal,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async publish<K extends TopicKind>(kind: K, message: TopicMessages[K]): Promise<void> {
    try {
      await this.network.publish(kind, message, this.signal)
      this.metrics.messagePublished(kind)
    } catch (error) {
      const coded = toP2PError(error, 'send_failed')
      this.metrics.publishFailed(kind, coded.code)
      const context = { kind, code: coded.code, reason: coded.message }
      const held = this.failureWarning(kind).admit()
      if (held === undefined) this.logger.debug('publish failed', context)
      else this.logger.warn('publish failed', { ...context, alsoFailed: held })
    }
  }

  private failureWarning(kind: TopicKind): LogLimiter {
    let limiter = this.failureWarnings.get(kind)
    if (limiter === undefined) {
      limiter = new LogLimiter(this.clock, WARN_INTERVAL_MS)
      this.failureWarnings.set(kind, limiter)
    }
    return limiter
  }
}
