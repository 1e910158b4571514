import {
  type Announcement,
  type BlockValidator,
  type Clock,
  type HandoffKind,
  type Logger,
  type P2PMetrics,
  toP2PError,
} from '@p2p/domain'
import { BoundedQueue } from '../queue/bounded-queue.js'

interface HandoffJob {
  readonly kind: HandoffKind
  readonly announcement: Announcement
}

export interface HandoffDeps {
  readonly validator: BlockValidator
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: P2PMetrics
  readonly concurrency: number
  readonly limit: number
}

/**
 * Hands blocks and subtrees announced by other peers to our block validation, with bounded
 * concurrency and a bounded backlog, so a slow or dead validator never holds up gossip.
 * Every hand-off ends counted: ok, failed or dropped.
 */
export class Handoff {
  private readonly queue: BoundedQueue<HandoffJob>
  private readonly aborter = new AbortController()

  constructor(private readonly deps: HandoffDeps) {
    this.queue = new BoundedQueue<HandoffJob>({
      concurrency: deps.concurrency,
      limit: deps.limit,
      run: (job) => this.run(job),
      onDrop: (job, reason) => {
        deps.metrics.handoff(job.kind, 'dropped', 0)
        deps.logger.warn('hand-off dropped', { kind: job.kind, hash: job.announcement.hash, reason })
      },
      onError: (job, error) => this.failed(job, error, 0),
    })
  }

  get backlog(): { readonly waiting: number; readonly inFlight: number } {
    return { waiting: this.queue.size, inFlight: this.queue.inFlight }
  }

  push(kind: HandoffKind, announcement: Announcement): void {
    this.queue.push({ kind, announcement })
  }

  /** Drops (and counts) what has not started, waits for what has. */
  close(): Promise<void> {
    return this.queue.close()
  }

  /** Cancels hand-offs still running (used when a bounded shutdown runs out of time). */
  abort(): void {
    this.aborter.abort()
  }

  private async run(job: HandoffJob): Promise<void> {
    const { validator, clock, metrics } = this.deps
    const started = clock.now()
    try {
      if (job.kind === 'block') await validator.blockFound(job.announcement, this.aborter.signal)
      else await validator.subtreeFound(job.announcement, this.aborter.signal)
      metrics.handoff(job.kind, 'ok', (clock.now() - started) / 1000)
    } catch (error) {
      this.failed(job, error, (clock.now() - started) / 1000)
    }
  }

  private failed(job: HandoffJob, error: unknown, seconds: number): void {
    const coded = toP2PError(error, 'upstream_failed')
    this.deps.metrics.handoff(job.kind, 'failed', seconds)
    this.deps.logger.warn('hand-off to block validation failed', {
      kind: job.kind,
      hash: job.announcement.hash,
      peerId: job.announcement.peerId,
      code: coded.code,
      reason: coded.message,
    })
  }
}
