import {
  type Announcement,
  type BlockValidator,
  type Clock,
  type HandoffKind,
  type Logger,
  LogLimiter,
  type MessageTrace,
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
  readonly trace: MessageTrace
  readonly logger: Logger
  readonly metrics: P2PMetrics
  /** Aborted when a bounded shutdown runs out of time. */
  readonly signal: AbortSignal
  readonly concurrency: number
  readonly limit: number
  /** Told of a hand-off block validation refused or could not do, so another source can be tried. */
  readonly onFailed?: (kind: HandoffKind, announcement: Announcement) => void
}

const WARN_INTERVAL_MS = 10_000

/**
 * Hands blocks and subtrees announced by other peers to our block validation, with bounded
 * concurrency and a bounded backlog, so a slow or dead validator never holds up gossip.
 * Every hand-off ends counted: ok, failed or dropped.
 */
export class Handoff {
  private readonly queue: BoundedQueue<HandoffJob>
  private readonly failureWarnings: LogLimiter
  private readonly dropWarnings: LogLimiter

  constructor(private readonly deps: HandoffDeps) {
    this.failureWarnings = new LogLimiter({ clock: deps.clock }, { intervalMs: WARN_INTERVAL_MS })
    this.dropWarnings = new LogLimiter({ clock: deps.clock }, { intervalMs: WARN_INTERVAL_MS })
    this.queue = new BoundedQueue<HandoffJob>({
      concurrency: deps.concurrency,
      limit: deps.limit,
      run: (job) => this.run(job),
      onDrop: (job, reason) => {
        deps.metrics.handoff(job.kind, 'dropped', 0)
        const context = { kind: job.kind, hash: job.announcement.hash, reason }
        const held = reason === 'full' ? this.dropWarnings.admit() : undefined
        if (held === undefined) deps.logger.debug('hand-off dropped', context)
        else
          deps.logger.warn('hand-offs dropped: block validation is not keeping up', {
            ...context,
            alsoDropped: held,
          })
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

  private async run(job: HandoffJob): Promise<void> {
    const { validator, clock, metrics, signal, trace } = this.deps
    const started = clock.now()
    const { hash } = job.announcement
    const traced = trace.sampled(hash)
    if (traced) trace.mark(hash, 'handoffStart', trace.stamp())
    try {
      if (job.kind === 'block') await validator.blockFound(job.announcement, signal)
      else await validator.subtreeFound(job.announcement, signal)
      if (traced) trace.mark(hash, 'handoffDone', trace.stamp())
      metrics.handoff(job.kind, 'ok', (clock.now() - started) / 1000)
    } catch (error) {
      this.failed(job, error, (clock.now() - started) / 1000)
      // Cut short by our own shutdown: no other source will do better.
      if (!signal.aborted) this.deps.onFailed?.(job.kind, job.announcement)
    }
  }

  /**
   * Counted every time; logged at warn at most once per interval, because a peer announcing
   * blocks that fail validation could otherwise fill the log at will.
   */
  private failed(job: HandoffJob, error: unknown, seconds: number): void {
    const coded = toP2PError(error, 'upstream_failed')
    this.deps.metrics.handoff(job.kind, 'failed', seconds)
    const context = {
      kind: job.kind,
      hash: job.announcement.hash,
      peerId: job.announcement.peerId,
      code: coded.code,
      reason: coded.message,
    }
    const held = this.failureWarnings.admit()
    if (held === undefined) this.deps.logger.debug('hand-off to block validation failed', context)
    else this.deps.logger.warn('hand-off to block validation failed', { ...context, alsoFailed: held })
  }
}
