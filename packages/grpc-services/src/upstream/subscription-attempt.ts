import type { Client, ClientReadableStream } from '@grpc/grpc-js'
import { type Clock, P2PError, type TimerHandle, type UpstreamService } from '@p2p/domain'
import { toUpstreamError } from '../grpc/grpc-errors.js'
import { isReady, type ReadyWatch, watchUntilReady } from './channel-watch.js'

/** What confirmed a subscription: the service's response headers, a message, or the call held open. */
export type ConfirmedBy = 'headers' | 'message' | 'open call'

export interface AttemptEvents<T> {
  /** The channel failed to connect; it keeps trying until the attempt's connect deadline. */
  unreachable(): void
  /** The call runs on a READY channel; `up` follows unless the service refuses it meanwhile. */
  settling(): void
  up(openedAtMs: number, confirmedBy: ConfirmedBy): void
  message(message: T): void
  /**
   * The attempt is over (it has let go of its call); the caller decides what comes next.
   * `neverConnected`: the channel did not connect within the deadline, so the attempt has waited
   * already and the next one need not back off.
   */
  failed(error: P2PError, neverConnected: boolean): void
}

export interface AttemptDeps<T> {
  readonly service: UpstreamService
  readonly method: string
  readonly address: string
  readonly client: Client
  /** Starts the call; it should wait for the channel (`waitForReady`) rather than fail fast. */
  open(): ClientReadableStream<T>
  readonly clock: Clock
  readonly events: AttemptEvents<T>
}

export interface AttemptOptions {
  /** How long the channel may take to become READY before the attempt fails. */
  readonly connectTimeoutMs: number
  /** How long the call must stay open on a READY channel, silent, before it counts as up. */
  readonly settleMs: number
}

/**
 * One Subscribe call, from its start until it is up or has failed.
 *
 * Why "up" is "open on a READY channel for `settleMs`": a service like the reference's blockchain
 * service sends nothing on the stream, not even response headers, until its first notification,
 * so waiting for traffic would keep a healthy subscription "connecting" for as long as the chain
 * is quiet. grpc-js shows nothing else between starting a call and the first response frame: the
 * HTTP/2 stream state is private, `getPeer()` says "unknown" until the call is committed (on the
 * first headers, message or status), and `write` callbacks fire when the message is buffered, not
 * sent. What it does show is the channel's connectivity (`getConnectivityState` /
 * `watchConnectivityState`), and on a READY channel with insecure or ready credentials a call is
 * put on the connection at once. A service that refuses the call (UNIMPLEMENTED, PERMISSION_DENIED,
 * a failing auth interceptor) answers within a round trip, so a call still open `settleMs` after
 * the channel was READY has been accepted: that is when the subscription counts as up, and an
 * immediate refusal never shows as a brief "up". Headers or a message are the service's own word
 * and confirm at once. Once up, the call's own end is what ends it: grpc-js fails every call on a
 * connection that closes (and keepalive pings close a silently dead one), while a GOAWAY leaves
 * calls already open running although the channel is no longer READY.
 */
export class SubscriptionAttempt<T> {
  private stream: ClientReadableStream<T> | undefined
  private watch: ReadyWatch | undefined
  private connectTimer: TimerHandle | undefined
  private settleTimer: TimerHandle | undefined
  private openedAtMs: number | undefined
  private isUp = false
  private done = false

  constructor(
    private readonly deps: AttemptDeps<T>,
    private readonly options: AttemptOptions,
  ) {}

  start(): void {
    const { deps, options } = this
    const stream = deps.open()
    this.stream = stream
    stream.on('metadata', () => this.confirm('headers'))
    stream.on('data', (message: T) => {
      if (this.done) return
      this.confirm('message')
      deps.events.message(message)
    })
    stream.on('error', (error: unknown) => this.fail(subscriptionError(error, deps.service, deps.method)))
    stream.on('end', () =>
      this.fail(
        new P2PError('upstream_failed', `the ${deps.service} service ended the ${deps.method} stream`),
      ),
    )
    this.connectTimer = deps.clock.setTimer(options.connectTimeoutMs, () =>
      this.fail(
        new P2PError(
          'upstream_unavailable',
          `cannot reach the ${deps.service} service at ${deps.address} within ${options.connectTimeoutMs} ms`,
        ),
        true,
      ),
    )
    this.awaitReady()
  }

  /** Lets go of the call and every timer and watch; no event follows. */
  close(): void {
    if (this.done) return
    this.done = true
    this.connectTimer?.cancel()
    this.settleTimer?.cancel()
    this.watch?.cancel()
    const stream = this.stream
    stream?.removeAllListeners()
    // Cancelling emits an error we no longer listen to; keep one handler so it is not "unhandled".
    stream?.on('error', () => {})
    stream?.cancel()
  }

  private awaitReady(): void {
    this.watch = watchUntilReady(this.deps.client.getChannel(), {
      ready: () => this.settle(),
      failing: () => {
        if (!this.done) this.deps.events.unreachable()
      },
    })
  }

  private settle(): void {
    if (this.done || this.isUp) return
    const { deps } = this
    this.connectTimer?.cancel()
    this.connectTimer = undefined
    this.openedAtMs ??= deps.clock.now()
    deps.events.settling()
    this.settleTimer = deps.clock.setTimer(this.options.settleMs, () => {
      this.settleTimer = undefined
      if (this.done || this.isUp) return
      // Still open; if the channel dropped meanwhile, the call fails by itself or the channel
      // comes back and the call is held open for another window.
      if (isReady(deps.client.getChannel())) this.confirm('open call')
      else this.awaitReady()
    })
  }

  private confirm(by: ConfirmedBy): void {
    if (this.done || this.isUp) return
    this.isUp = true
    this.connectTimer?.cancel()
    this.settleTimer?.cancel()
    this.watch?.cancel()
    this.deps.events.up(this.openedAtMs ?? this.deps.clock.now(), by)
  }

  private fail(error: P2PError, neverConnected = false): void {
    if (this.done) return
    this.close()
    this.deps.events.failed(error, neverConnected)
  }
}

/**
 * A failed Subscribe call as a coded error. We cancel only calls we have already let go of, so a
 * CANCELLED status here came from the service (a server shutting down cancels its calls): the
 * service went away, not us (`stopped` would say the opposite).
 */
function subscriptionError(error: unknown, service: UpstreamService, method: string): P2PError {
  const coded = toUpstreamError(error, service, method)
  if (coded.code !== 'stopped') return coded
  return new P2PError('upstream_unavailable', coded.message, { context: coded.context, cause: error })
}
