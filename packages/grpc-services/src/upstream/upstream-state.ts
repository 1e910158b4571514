import {
  type Clock,
  type Logger,
  LogLimiter,
  type UpstreamService,
  type UpstreamState,
  type UpstreamStatus,
} from '@p2p/domain'

/** A down line reaches warn at most this often; the rest go to debug and are counted on the next. */
const WARN_INTERVAL_MS = 10_000
/**
 * Reasons remembered per outage. A service that is down tends to alternate between a few texts (a
 * probe's and a failed call's, an attempt's connect error and its timeout): each is said once per
 * outage. Past this many, every new text goes through the interval alone.
 */
const MAX_REASONS_PER_OUTAGE = 16

export interface UpstreamStateDeps {
  readonly clock: Clock
  readonly logger: Logger
}

export interface UpstreamStateOptions {
  /** The node service whose status this is. */
  readonly service: UpstreamService
}

/**
 * The status a node-service adapter reports for health checks, stamped with the clock, and the
 * one place its transitions are logged: /status hides the reason from strangers, so the log is
 * where the operator finds it. Going down says why at warn; a new reason while down is said too,
 * but at most once per interval (the held-back ones are counted on the next line), and a reason
 * already said in this outage is not said again; coming back up says for how long it was down.
 * Repeating the state in force says nothing. `connecting` is the normal way up and stays at debug.
 */
export class UpstreamStateTracker {
  private current: UpstreamStatus
  private readonly warnings: LogLimiter
  /** When the outage under way began: the first `down` since the last `up`. */
  private downSinceMs: number | undefined
  /** Reasons said at warn in the outage under way. */
  private readonly reasonsSaid = new Set<string>()
  /** The last line at warn or info said down, and no line has said up since. */
  private saidDown = false
  /** The reason in force was held back: it is said once the interval allows, even unchanged. */
  private owed = false
  /** Down lines held back since the last one at warn (repeats of an owed one not counted). */
  private heldBack = 0

  private readonly service: UpstreamService

  constructor(
    private readonly deps: UpstreamStateDeps,
    options: UpstreamStateOptions,
  ) {
    this.service = options.service
    this.current = { state: 'connecting', detail: 'not started', sinceMs: deps.clock.now() }
    this.warnings = new LogLimiter({ clock: deps.clock }, { intervalMs: WARN_INTERVAL_MS })
  }

  get status(): UpstreamStatus {
    return this.current
  }

  set(state: UpstreamState, detail?: string): void {
    if (this.current.state === state && this.current.detail === detail) {
      if (this.owed) this.sayDown(true)
      return
    }
    const now = this.deps.clock.now()
    this.current = detail === undefined ? { state, sinceMs: now } : { state, detail, sinceMs: now }
    if (state === 'up') this.cameUp(now)
    else if (state === 'down') {
      this.downSinceMs ??= now
      this.sayDown(false)
    } else this.deps.logger.debug('node service is connecting', { service: this.service, detail })
  }

  /** Down because we stopped it: not an outage, nothing to warn about. */
  stopped(): void {
    this.current = { state: 'down', detail: 'stopped', sinceMs: this.deps.clock.now() }
    this.endOutage()
    this.deps.logger.debug('node service client stopped', { service: this.service })
  }

  private sayDown(again: boolean): void {
    const reason = this.current.detail ?? 'no reason given'
    const context = {
      service: this.service,
      reason,
      downForMs: this.deps.clock.now() - (this.downSinceMs ?? this.current.sinceMs),
    }
    if (this.reasonsSaid.has(reason)) {
      this.owed = false
      this.deps.logger.debug('node service is down', context)
      return
    }
    // The limiter only paces; what it held back is counted here, where repeats can be told apart.
    if (this.warnings.admit() === undefined) {
      if (!again) {
        this.heldBack++
        this.deps.logger.debug('node service is down', context)
      }
      this.owed = true
      return
    }
    // Said late, the owed line is no longer one held back.
    const heldBack = again ? Math.max(0, this.heldBack - 1) : this.heldBack
    this.heldBack = 0
    this.owed = false
    this.saidDown = true
    if (this.reasonsSaid.size < MAX_REASONS_PER_OUTAGE) this.reasonsSaid.add(reason)
    this.deps.logger.warn('node service is down', heldBack > 0 ? { ...context, heldBack } : context)
  }

  private cameUp(now: number): void {
    const downSince = this.downSinceMs
    const saidDown = this.saidDown
    this.endOutage()
    if (downSince === undefined) {
      this.deps.logger.info('node service is up', { service: this.service })
      return
    }
    // An outage whose down line was held back never reached the operator: its end stays quiet too.
    this.deps.logger[saidDown ? 'info' : 'debug']('node service is back up', {
      service: this.service,
      downForMs: now - downSince,
    })
  }

  private endOutage(): void {
    this.downSinceMs = undefined
    this.reasonsSaid.clear()
    this.saidDown = false
    this.owed = false
  }
}
