import type { Client, ClientReadableStream } from '@grpc/grpc-js'
import type { Clock, Logger, P2PError, TimerHandle, UpstreamMetrics, UpstreamService } from '@p2p/domain'
import type { SubscriptionActivity } from './subscription-activity.js'
import { type ConfirmedBy, SubscriptionAttempt } from './subscription-attempt.js'
import type { UpstreamStateTracker } from './upstream-state.js'

export interface Backoff {
  /** First wait after a failure; the reference re-subscribed after 1 s. */
  readonly initialMs: number
  readonly maxMs: number
}

export interface StreamKeeperDeps<T> {
  readonly service: UpstreamService
  readonly method: string
  readonly address: string
  readonly client: Client
  open(): ClientReadableStream<T>
  onMessage(message: T): void
  readonly state: UpstreamStateTracker
  readonly activity: SubscriptionActivity
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: UpstreamMetrics
}

export interface StreamKeeperOptions {
  readonly backoff: Backoff
  /** How long an attempt waits for the channel to connect before it counts as failed. */
  readonly connectTimeoutMs: number
  /** How long a silent call must stay open on a ready channel to count as up (see SubscriptionAttempt). */
  readonly settleMs: number
}

/**
 * Keeps one server-streaming subscription open. It is `up` while its call is established and has
 * not failed, whether or not the service says anything on it (SubscriptionAttempt says how that
 * is told); a failure (refused, broken, ended, or no connection in time) makes it `down`, is
 * counted, and the call is opened again after a doubling backoff, capped, reset once up again.
 * Nothing it holds outlives `stop()`.
 */
export class StreamKeeper<T> {
  private attempt: SubscriptionAttempt<T> | undefined
  private retry: TimerHandle | undefined
  private delayMs: number
  private running = false
  /** Set by a failure, cleared by `up`: the next call is a reconnect, and `down` stays until up. */
  private failedSinceUp = false

  constructor(
    private readonly deps: StreamKeeperDeps<T>,
    private readonly options: StreamKeeperOptions,
  ) {
    this.delayMs = options.backoff.initialMs
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.open()
  }

  stop(): void {
    this.running = false
    this.retry?.cancel()
    this.retry = undefined
    this.attempt?.close()
    this.attempt = undefined
    this.deps.activity.closed()
  }

  private open(): void {
    const { deps, options } = this
    if (this.failedSinceUp) {
      deps.activity.reopened()
      deps.metrics.upstreamResubscribe(deps.service)
    }
    const attempt: SubscriptionAttempt<T> = new SubscriptionAttempt<T>(
      {
        service: deps.service,
        method: deps.method,
        address: deps.address,
        client: deps.client,
        open: deps.open,
        clock: deps.clock,
        events: {
          unreachable: () =>
            deps.state.set('down', `cannot connect to the ${deps.service} service at ${deps.address}`),
          // After a failure the state stays down, with its reason, until the new call is up.
          settling: () => {
            if (!this.failedSinceUp) {
              deps.state.set(
                'connecting',
                `${deps.method} call open; up once the service has held it ${options.settleMs} ms`,
              )
            }
          },
          up: (openedAtMs, by) => this.up(openedAtMs, by),
          message: (message) => {
            deps.activity.message(deps.clock.now())
            deps.onMessage(message)
          },
          failed: (error, neverConnected) => {
            if (this.attempt === attempt) this.failed(error, neverConnected)
          },
        },
      },
      options,
    )
    this.attempt = attempt
    attempt.start()
  }

  private up(openedAtMs: number, confirmedBy: ConfirmedBy): void {
    const { deps } = this
    this.delayMs = this.options.backoff.initialMs
    this.failedSinceUp = false
    deps.activity.opened(openedAtMs)
    // The state tracker says at info that the service is up (again); this is what told us.
    deps.state.set('up')
    deps.logger.debug('node service subscription is up', { service: deps.service, confirmedBy })
  }

  private failed(error: P2PError, neverConnected: boolean): void {
    const { deps } = this
    this.attempt = undefined
    const wasUp = !this.failedSinceUp && deps.state.status.state === 'up'
    this.failedSinceUp = true
    deps.activity.failed()
    deps.metrics.upstreamSubscriptionFailed(deps.service, error.code)
    deps.state.set('down', error.message)
    // An attempt that waited out the connect deadline has waited enough: going again at once
    // leaves no gap in which a service that comes back would not be noticed (the channel paces
    // its own connection attempts). Every other failure backs off.
    const delay = neverConnected ? 0 : this.delayMs
    if (!neverConnected) this.delayMs = Math.min(this.delayMs * 2, this.options.backoff.maxMs)
    // The state tracker says the reason at warn, paced; every attempt is counted, and told here.
    deps.logger.debug(
      wasUp
        ? 'node service subscription broke; subscribing again'
        : 'node service subscription failed; trying again',
      { service: deps.service, code: error.code, reason: error.message, retryInMs: delay },
    )
    this.retry = deps.clock.setTimer(delay, () => {
      this.retry = undefined
      if (this.running) this.open()
    })
  }
}
