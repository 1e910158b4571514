import {
  type Clock,
  type Logger,
  LogLimiter,
  P2PError,
  type P2PMetrics,
  type PeerNetwork,
  type TopicKind,
  type TopicMessages,
  toP2PError,
} from '@p2p/domain'

export interface PublisherDeps {
  readonly network: PeerNetwork
  readonly logger: Logger
  readonly metrics: P2PMetrics
  /** Aborts publishes still under way when the service stops. */
  readonly signal: AbortSignal
  readonly clock: Pick<Clock, 'now'>
  /**
   * Whether a kind may go out now; what may not is dropped and counted as `upstream_unavailable`
   * (the start-up rule: only our status until our chain is up). Default: everything may.
   */
  readonly mayPublish?: (kind: TopicKind) => boolean
}

const CHAIN_NOT_UP = new P2PError('upstream_unavailable', 'held back: our blockchain service is not up yet')

/** How often publish failures of one kind may reach warn. */
const WARN_INTERVAL_MS = 10_000

/**
 * Publishes to the network, counting successes and failures; never throws. A node service sets
 * the pace of what we publish, so a failing network would warn once per event: each kind warns
 * at most once per interval, with the number held back.
 */
export class Publisher {
  private readonly failureWarnings = new Map<TopicKind, LogLimiter>()

  constructor(private readonly deps: PublisherDeps) {}

  async publish<K extends TopicKind>(kind: K, message: TopicMessages[K]): Promise<void> {
    const { network, metrics, logger, signal, mayPublish } = this.deps
    try {
      if (mayPublish !== undefined && !mayPublish(kind)) throw CHAIN_NOT_UP
      await network.publish(kind, message, signal)
      metrics.messagePublished(kind)
    } catch (error) {
      const coded = toP2PError(error, 'send_failed')
      metrics.publishFailed(kind, coded.code)
      const context = { kind, code: coded.code, reason: coded.message }
      const held = this.failureWarning(kind).admit()
      if (held === undefined) logger.debug('publish failed', context)
      else logger.warn('publish failed', { ...context, alsoFailed: held })
    }
  }

  private failureWarning(kind: TopicKind): LogLimiter {
    let limiter = this.failureWarnings.get(kind)
    if (limiter === undefined) {
      limiter = new LogLimiter({ clock: this.deps.clock }, { intervalMs: WARN_INTERVAL_MS })
      this.failureWarnings.set(kind, limiter)
    }
    return limiter
  }
}
