import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks'
import {
  type Clock,
  type LoadGauge,
  type Logger,
  LogLimiter,
  type Startable,
  type TimerHandle,
} from '@p2p/domain'

export interface EventLoopLoadGaugeOptions {
  /** How often the loop is looked at. */
  readonly sampleMs: number
  /** Overloaded when, over one sample, the loop was busy at least this share of the time (0–1)... */
  readonly enterUtilization: number
  /** ...or a callback waited at least this long for its turn. */
  readonly enterDelayMs: number
  /** Calm again after `calmSamples` samples in a row below both of these. */
  readonly leaveUtilization: number
  readonly leaveDelayMs: number
  readonly calmSamples: number
}

// Why these numbers. A loop busy 95 % of a quarter second has no room left for a burst, and
// one callback kept waiting 150 ms is already a stall a health check notices; staying calm for
// a second (four samples at 80 % / 50 ms) before taking everything again keeps the gauge from
// flapping on every garbage collection.
export const DEFAULT_EVENT_LOOP_LOAD: EventLoopLoadGaugeOptions = {
  sampleMs: 250,
  enterUtilization: 0.95,
  enterDelayMs: 150,
  leaveUtilization: 0.8,
  leaveDelayMs: 50,
  calmSamples: 4,
}

export interface EventLoopLoadStats {
  readonly overloaded: boolean
  /** Times the process became overloaded since start. */
  readonly episodes: number
  /** Time spent overloaded since start, the current episode included. */
  readonly overloadedMs: number
  /** Samples taken since start. */
  readonly samples: number
  /** The last sample: the loop's busy share and the longest wait for a turn. */
  readonly utilization: number
  readonly delayMs: number
}

type Utilization = ReturnType<typeof performance.eventLoopUtilization>

export interface EventLoopLoadGaugeDeps {
  readonly logger: Logger
  readonly clock: Clock
}

/**
 * The LoadGauge of this Node process, read from its event loop: how busy it was (utilization)
 * and how long callbacks waited (delay), sampled on a timer. Entering and leaving have
 * different thresholds, so a loop hovering at the edge does not flip the answer each sample.
 */
export class EventLoopLoadGauge implements LoadGauge, Startable {
  private readonly options: EventLoopLoadGaugeOptions
  private histogram: IntervalHistogram | undefined
  private timer: TimerHandle | undefined
  private lastUtilization: Utilization | undefined
  private state = false
  private calm = 0
  private episodes = 0
  private overloadedSinceMs = 0
  private pastOverloadedMs = 0
  private sample = { utilization: 0, delayMs: 0 }
  private samples = 0
  private dueAtMs = 0
  private readonly warnings: LogLimiter

  constructor(
    private readonly deps: EventLoopLoadGaugeDeps,
    options: Partial<EventLoopLoadGaugeOptions> = {},
  ) {
    this.options = { ...DEFAULT_EVENT_LOOP_LOAD, ...options }
    this.warnings = new LogLimiter({ clock: deps.clock }, { intervalMs: 10_000 })
  }

  overloaded(): boolean {
    return this.state
  }

  stats(): EventLoopLoadStats {
    const current = this.state ? this.deps.clock.now() - this.overloadedSinceMs : 0
    return {
      overloaded: this.state,
      episodes: this.episodes,
      overloadedMs: this.pastOverloadedMs + current,
      samples: this.samples,
      ...this.sample,
    }
  }

  async start(): Promise<void> {
    if (this.timer !== undefined) return
    // 10 ms is the finest resolution that costs nothing measurable; the delays that matter are tens of ms.
    this.histogram = monitorEventLoopDelay({ resolution: 10 })
    this.histogram.enable()
    this.lastUtilization = performance.eventLoopUtilization()
    this.schedule()
  }

  async stop(): Promise<void> {
    this.timer?.cancel()
    this.timer = undefined
    this.histogram?.disable()
    this.histogram = undefined
    if (this.state) this.leave()
  }

  private readonly tick = (): void => {
    if (this.timer === undefined) return
    this.look()
    this.schedule()
  }

  private schedule(): void {
    this.dueAtMs = this.deps.clock.now() + this.options.sampleMs
    // On the injected clock, so a test can see that stop() leaves no timer behind.
    this.timer = this.deps.clock.setTimer(this.options.sampleMs, this.tick)
  }

  private look(): void {
    const histogram = this.histogram
    if (histogram === undefined) return
    const now = performance.eventLoopUtilization()
    const utilization = performance.eventLoopUtilization(now, this.lastUtilization).utilization
    this.lastUtilization = now
    // The histogram records how late its own 10 ms timer fired: the wait beyond 10 ms is the delay.
    // When a stall ends, our timer may run before the histogram's has recorded it, and the reset
    // below would then lose it; but then our own timer waited through the stall, so its lateness
    // says the same.
    const lateMs = this.deps.clock.now() - this.dueAtMs
    const delayMs = Math.max(0, histogram.max / 1e6 - 10, lateMs)
    histogram.reset()
    this.sample = { utilization, delayMs }
    this.samples++
    const { enterUtilization, enterDelayMs, leaveUtilization, leaveDelayMs, calmSamples } = this.options
    if (!this.state) {
      if (utilization >= enterUtilization || delayMs >= enterDelayMs) this.enter()
      return
    }
    this.calm = utilization < leaveUtilization && delayMs < leaveDelayMs ? this.calm + 1 : 0
    if (this.calm >= calmSamples) this.leave()
  }

  private enter(): void {
    this.state = true
    this.calm = 0
    this.episodes++
    this.overloadedSinceMs = this.deps.clock.now()
    const context = {
      utilization: Number(this.sample.utilization.toFixed(2)),
      delayMs: Math.round(this.sample.delayMs),
    }
    const held = this.warnings.admit()
    if (held === undefined) this.deps.logger.debug('overloaded: shedding load', context)
    else
      this.deps.logger.warn('overloaded: shedding load', held > 0 ? { ...context, heldBack: held } : context)
  }

  private leave(): void {
    const forMs = this.deps.clock.now() - this.overloadedSinceMs
    this.pastOverloadedMs += forMs
    this.state = false
    this.calm = 0
    this.deps.logger.debug('no longer overloaded', { forMs })
  }
}
