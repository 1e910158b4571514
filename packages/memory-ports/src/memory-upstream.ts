import {
  type Clock,
  type ErrorCode,
  P2PError,
  type Startable,
  type UpstreamState,
  type UpstreamStatus,
} from '@p2p/domain'
import { throwIfAborted } from './abort-error.js'

export interface MemoryUpstreamDeps {
  /** Stamps status changes (and call logs); pass a FakeClock to keep `sinceMs` deterministic. */
  readonly clock?: Clock
}

export interface MemoryUpstreamOptions {
  /** What errors and log lines call the service; a layer on top (the simulated chain's) names itself. */
  readonly name?: string
}

export type UpstreamErrorCode = Extract<ErrorCode, `upstream_${string}`>

type Phase = 'created' | 'started' | 'stopped'

/** Status stamps only; the in-memory upstreams schedule nothing, so no timer is ever set through it. */
const REAL_TIME: Clock = {
  now: () => Date.now(),
  setTimer: () => {
    throw new P2PError('internal', 'the in-memory upstreams take a Clock when they need timers')
  },
}

/**
 * What the in-memory node services share: connecting until started, up while started, down for
 * good once stopped; and the faults a test or a development harness can script: the service going
 * away (`setUnavailable`) and calls failing (`failNext`, `setFailing`).
 */
export abstract class MemoryUpstream implements Startable {
  protected readonly clock: Clock
  private phase: Phase = 'created'
  private unavailableDetail: string | undefined
  private failuresLeft = 0
  private failureCode: ErrorCode = 'upstream_unavailable'
  private current: UpstreamStatus

  protected constructor(
    private readonly name: string,
    deps: MemoryUpstreamDeps,
  ) {
    this.clock = deps.clock ?? REAL_TIME
    this.current = { state: 'connecting', detail: 'not started', sinceMs: this.clock.now() }
  }

  get started(): boolean {
    return this.phase === 'started'
  }

  get unavailable(): boolean {
    return this.unavailableDetail !== undefined
  }

  async start(): Promise<void> {
    if (this.phase === 'stopped') throw new P2PError('stopped', `${this.name} cannot start again after stop`)
    if (this.phase === 'started') return
    this.phase = 'started'
    this.refresh()
    this.onStart()
  }

  async stop(): Promise<void> {
    if (this.phase === 'stopped') return
    const wasStarted = this.phase === 'started'
    this.phase = 'stopped'
    this.refresh()
    if (wasStarted) this.onStop()
  }

  status(): UpstreamStatus {
    return this.current
  }

  /** The service goes away (calls reject with `upstream_unavailable`, status is down) or comes back. */
  setUnavailable(unavailable: boolean, detail = 'service unavailable'): void {
    this.unavailableDetail = unavailable ? detail : undefined
    this.refresh()
  }

  /** The next `count` calls (Infinity for all of them) that reach the service fail with `code`. */
  failNext(count = 1, code: ErrorCode = 'upstream_unavailable'): void {
    this.failuresLeft = count
    this.failureCode = code
  }

  /** From now on every call fails with `code` (true), or is answered normally again (false). */
  setFailing(failing: boolean, code: UpstreamErrorCode = 'upstream_failed'): void {
    if (failing) this.failNext(Number.POSITIVE_INFINITY, code)
    else this.clearFailures()
  }

  clearFailures(): void {
    this.failuresLeft = 0
  }

  /** Takes what the service needs while running; runs once, on the first start. */
  protected onStart(): void {}

  /** Releases what `onStart` took and what calls still hold; runs once, on the first stop after a start. */
  protected onStop(): void {}

  protected requireStarted(operation: string): void {
    if (this.phase === 'created') throw new P2PError('not_started', `${this.name}.${operation} before start`)
    if (this.phase === 'stopped') throw new P2PError('stopped', `${this.name}.${operation} after stop`)
  }

  /**
   * Throws what keeps a call made now from reaching the service, in the order a real client would
   * notice it. A call that passes has reached the service: that is when the services log it.
   */
  protected admit(operation: string, signal?: AbortSignal): void {
    this.requireStarted(operation)
    throwIfAborted(signal)
    if (this.unavailableDetail !== undefined) {
      throw new P2PError('upstream_unavailable', `${this.name}.${operation}: ${this.unavailableDetail}`)
    }
  }

  /** Throws the scripted failure, if one is due: the service received the call and failed it. */
  protected failIfScripted(operation: string): void {
    if (this.failuresLeft <= 0) return
    this.failuresLeft--
    throw new P2PError(this.failureCode, `${this.name}.${operation} failed (injected)`)
  }

  private refresh(): void {
    const [state, detail] = this.describe()
    if (state === this.current.state && detail === this.current.detail) return
    const sinceMs = this.clock.now()
    this.current = detail === undefined ? { state, sinceMs } : { state, detail, sinceMs }
  }

  private describe(): readonly [UpstreamState, string | undefined] {
    if (this.phase === 'created') return ['connecting', 'not started']
    if (this.phase === 'stopped') return ['down', 'stopped']
    if (this.unavailableDetail !== undefined) return ['down', this.unavailableDetail]
    return ['up', undefined]
  }
}
