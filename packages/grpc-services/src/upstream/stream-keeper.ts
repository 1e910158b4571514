import type { Client, ClientReadableStream } from '@grpc/grpc-js'
import type { Clock, Logger, TimerHandle, UpstreamMetrics, UpstreamService } from '@p2p/domain'
import { toUpstreamError } from '../grpc/grpc-errors.js'
import type { UpstreamStateTracker } from './upstream-state.js'

export interface Backoff {
  /** First wait after a break; the reference re-subscribed after 1 s. */
  readonly initialMs: number
  readonly maxMs: number
}

export interface StreamKeeperDeps<T> {
  readonly service: UpstreamService
  readonly method: string
  readonly client: Client
  open(): ClientReadableStream<T>
  onMessage(message: T): void
  readonly state: UpstreamStateTracker
  readonly backoff: Backoff
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: UpstreamMetrics
  /** How long to wait for the channel to connect before calling an attempt failed. */
  readonly connectTimeoutMs: number
}

/**
 * Keeps one server-streaming subscription open: reports `up` once the service sends the stream's
 * headers or its first message, and after a break re-opens it with a doubling backoff, capped,
 * reset once the stream is up again. Nothing it holds outlives `stop()`.
 */
export class StreamKeeper<T> {
  private stream: ClientReadableStream<T> | undefined
  private retry: TimerHandle | undefined
  private delayMs: number
  private running = false

  constructor(private readonly deps: StreamKeeperDeps<T>) {
    this.delayMs = deps.backoff.initialMs
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
    const stream = this.stream
    this.stream = undefined
    stream?.removeAllListeners()
    // Cancelling emits an error we no longer listen to; keep one handler so it is not "unhandled".
    stream?.on('error', () => {})
    stream?.cancel()
  }

  private open(): void {
    const { deps } = this
    const stream = deps.open()
    this.stream = stream
    const isCurrent = () => this.running && this.stream === stream
    stream.on('metadata', () => isCurrent() && this.up())
    stream.on('data', (message: T) => {
      if (!isCurrent()) return
      this.up()
      deps.onMessage(message)
    })
    stream.on(
      'error',
      (error: unknown) =>
        isCurrent() && this.broken(toUpstreamError(error, deps.service, deps.method).message),
    )
    stream.on('end', () => isCurrent() && this.broken('the service ended the stream'))
    deps.client.waitForReady(Date.now() + deps.connectTimeoutMs, (error) => {
      if (!isCurrent()) return
      // A ready channel is not yet a subscription the service holds: `up` waits for its headers
      // or first message, so nothing emitted in between can be missed by someone trusting `up`.
      if (error !== undefined && error !== null) {
        deps.state.set('down', `cannot reach the ${deps.service} service: ${error.message}`)
      } else if (deps.state.status.state !== 'up') {
        deps.state.set('connecting', 'connected; waiting for the service to confirm the subscription')
      }
    })
  }

  private up(): void {
    this.delayMs = this.deps.backoff.initialMs
    this.deps.state.set('up')
  }

  private broken(reason: string): void {
    const { deps } = this
    const stream = this.stream
    this.stream = undefined
    stream?.removeAllListeners()
    stream?.on('error', () => {})
    stream?.cancel()
    deps.state.set('down', reason)
    deps.metrics.upstreamResubscribe(deps.service)
    deps.logger.warn('node service subscription broke; subscribing again', {
      service: deps.service,
      reason,
      retryInMs: this.delayMs,
    })
    const delay = this.delayMs
    this.delayMs = Math.min(this.delayMs * 2, deps.backoff.maxMs)
    this.retry = deps.clock.setTimer(delay, () => {
      this.retry = undefined
      if (this.running) this.open()
    })
  }
}
