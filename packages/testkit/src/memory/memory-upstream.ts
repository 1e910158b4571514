import { type Clock, type ErrorCode, P2PError, type UpstreamState, type UpstreamStatus } from '@p2p/domain'
import { throwIfAborted } from './abort-error.js'

export interface MemoryUpstreamOptions {
  /** Stamps status changes; pass a FakeClock to keep `sinceMs` deterministic. */
  readonly clock?: Clock
}

type Phase = 'created' | 'started' | 'stopped'

/** Status stamps only; the stand-ins schedule nothing, so no timer is ever set through it. */
const REAL_TIME: Clock = {
  now: () => Date.now(),
  setTimer: () => {
    throw new P2PError('internal', 'the in-memory upstreams take a Clock when they need timers')
  },
}

/**
 * What the in-memory stand-ins for node services share: the start/stop lifecycle, the status they
 * report for health checks, and failures a test can inject into their calls.
 */
export abstract class MemoryUpstream {
  protected readonly clock: Clock
  private phase: Phase = 'created'
  private unavailableDetail: string | undefined
  private failuresLeft = 0
  private failureCode: ErrorCode = 'upstream_unavailable'
  private current: UpstreamStatus

  protected constructor(
    private readonly name: string,
    options: MemoryUpstreamOptions,
  ) {
    this.clock = options.clock ?? REAL_TIME
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
    this.phase = 'started'
    this.refresh()
  }

  async stop(): Promise<void> {
    if (this.phase === 'stopped') return
    this.phase = 'stopped'
    this.refresh()
    this.onStop()
  }

  status(): UpstreamStatus {
    return this.current
  }

  /** The service goes away (calls reject with `upstream_unavailable`, status is down) or comes back. */
  setUnavailable(unavailable: boolean, detail = 'service unavailable'): void {
    this.unavailableDetail = unavailable ? detail : undefined
    this.refresh()
  }

  /** The next `count` calls (Infinity for all of them) reject with `code`. */
  failNext(count = 1, code: ErrorCode = 'upstream_unavailable'): void {
    this.failuresLeft = count
    this.failureCode = code
  }

  clearFailures(): void {
    this.failuresLeft = 0
  }

  /** Releases whatever a subclass still holds; runs once, on the first stop. */
  protected onStop(): void {}

  protected requireStarted(operation: string): void {
    if (this.phase === 'created') throw new P2PError('not_started', `${this.name}.${operation} before start`)
    if (this.phase === 'stopped') throw new P2PError('stopped', `${this.name}.${operation} after stop`)
  }

  /** Throws what a call made now must fail with, in the order a real client would notice it. */
  protected checkCall(operation: string, signal?: AbortSignal): void {
    this.requireStarted(operation)
    throwIfAborted(signal)
    if (this.unavailableDetail !== undefined) {
      throw new P2PError('upstream_unavailable', `${this.name}.${operation}: ${this.unavailableDetail}`)
    }
    if (this.failuresLeft > 0) {
      this.failuresLeft--
      throw new P2PError(this.failureCode, `${this.name}.${operation} failed (injected)`)
    }
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
