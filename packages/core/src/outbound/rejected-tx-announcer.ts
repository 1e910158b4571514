import {
  type Clock,
  FIELD_LIMITS,
  type Logger,
  LogLimiter,
  type P2PMetrics,
  parseWith,
  type RejectedTx,
  rejectedTxSchema,
  toPrintable,
  unwrap,
  type WireFormat,
} from '@p2p/domain'
import { type RateLimit, TokenBucket } from '../hardening/token-bucket.js'
import type { InputGuard } from '../input-guard.js'
import type { BoundedQueue } from '../queue/bounded-queue.js'
import { eventQueue } from '../queue/event-queue.js'
import type { Publisher } from './publisher.js'

export interface RejectedTxAnnouncerDeps {
  readonly wire: WireFormat
  /** False in a listen-only or silent node: it announces nothing of its own. */
  readonly announces: boolean
  readonly publisher: Publisher
  readonly guard: InputGuard
  readonly peerId: string
  readonly queueLimit: number
  readonly clock: Clock
  readonly metrics: P2PMetrics
  readonly logger: Logger
  /** What we publish at most; the rest is dropped and counted as `publishFailed(…, 'rate_limited')`. */
  readonly rate: RateLimit
}

/**
 * Announces what our validator rejected; the reason is made printable and cut to size first.
 * Every node relays what we publish, so a flood of rejections from our validator would make us
 * an amplifier: past `rate`, rejections are dropped (and counted) before they are queued.
 */
export class RejectedTxAnnouncer {
  private readonly queue: BoundedQueue<RejectedTx>
  private readonly bucket: TokenBucket
  private readonly dropWarnings: LogLimiter

  constructor(private readonly deps: RejectedTxAnnouncerDeps) {
    this.bucket = new TokenBucket(deps.rate, deps.clock.now())
    this.dropWarnings = new LogLimiter({ clock: deps.clock }, { intervalMs: 10_000 })
    this.queue = eventQueue<RejectedTx>({
      source: 'rejectedTxSource',
      guard: deps.guard,
      limit: deps.queueLimit,
      run: (rejected) => this.announce(rejected),
      describe: (rejected) => ({ txId: rejected.txId }),
    })
  }

  readonly onRejected = (rejected: unknown): void => {
    const parsed = parseWith(rejectedTxSchema, rejected, 'rejected tx')
    if (!parsed.ok) {
      this.deps.guard.refused('rejectedTxSource', parsed.error)
      return
    }
    if (!this.deps.announces || !this.deps.wire.carries('rejectedTx')) return
    if (!this.bucket.take(this.deps.clock.now())) {
      this.rateLimited(parsed.value)
      return
    }
    this.queue.push(parsed.value)
  }

  private rateLimited(rejected: RejectedTx): void {
    this.deps.metrics.publishFailed('rejectedTx', 'rate_limited')
    const held = this.dropWarnings.admit()
    const context = { txId: rejected.txId, perSecond: this.deps.rate.perSecond }
    if (held === undefined)
      this.deps.logger.debug('rejected tx not announced: over our publish rate', context)
    else
      this.deps.logger.warn('rejected txs not announced: our validator rejects faster than we publish', {
        ...context,
        alsoDropped: held,
      })
  }

  close(): Promise<void> {
    return this.queue.close()
  }

  private async announce(rejected: RejectedTx): Promise<void> {
    const message = this.deps.wire.create('rejectedTx', {
      txId: rejected.txId,
      reason: toPrintable(rejected.reason, FIELD_LIMITS.reasonChars),
      peerId: this.deps.peerId,
    })
    await this.deps.publisher.publish('rejectedTx', unwrap(message))
  }
}
