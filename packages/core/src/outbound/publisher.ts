import {
  type Logger,
  type P2PMetrics,
  type PeerNetwork,
  type TopicKind,
  type TopicMessages,
  toP2PError,
} from '@p2p/domain'

/** Publishes to the network, counting successes and failures; never throws. */
export class Publisher {
  constructor(
    private readonly network: PeerNetwork,
    private readonly logger: Logger,
    private readonly metrics: P2PMetrics,
    private readonly signal: AbortSignal,
  ) {}

  async publish<K extends TopicKind>(kind: K, message: TopicMessages[K]): Promise<void> {
    try {
      await this.network.publish(kind, message, this.signal)
      this.metrics.messagePublished(kind)
    } catch (error) {
      const coded = toP2PError(error, 'send_failed')
      this.metrics.publishFailed(kind, coded.code)
      this.logger.warn('publish failed', { kind, code: coded.code, reason: coded.message })
    }
  }
}
