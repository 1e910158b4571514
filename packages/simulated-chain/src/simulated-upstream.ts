import { type Clock, P2PError, type Startable, type UpstreamStatus } from '@p2p/domain'
import { throwIfAborted } from './abort-error.js'

type Phase = 'created' | 'started' | 'stopped'

/**
 * The lifecycle the simulated node services share: connecting until started, up while started
 * (the service is in process, so it is never unreachable), down for good once stopped.
 */
export abstract class SimulatedUpstream implements Startable {
  private phase: Phase = 'created'
  private current: UpstreamStatus

  protected constructor(
    private readonly name: string,
    protected readonly clock: Clock,
  ) {
    this.current = { state: 'connecting', detail: 'not started', sinceMs: clock.now() }
  }

  async start(): Promise<void> {
    if (this.phase === 'stopped') throw new P2PError('stopped', `${this.name} cannot start again after stop`)
    if (this.phase === 'started') return
    this.phase = 'started'
    this.current = { state: 'up', sinceMs: this.clock.now() }
    this.onStart()
  }

  async stop(): Promise<void> {
    if (this.phase === 'stopped') return
    const wasStarted = this.phase === 'started'
    this.phase = 'stopped'
    this.current = { state: 'down', detail: 'stopped', sinceMs: this.clock.now() }
    if (wasStarted) this.onStop()
  }

  status(): UpstreamStatus {
    return this.current
  }

  protected get started(): boolean {
    return this.phase === 'started'
  }

  protected onStart(): void {}

  /** Releases what `onStart` took; runs once, on the first stop after a start. */
  protected onStop(): void {}

  /** Throws what a call made now fails with, in the order a real client would notice it. */
  protected checkCall(operation: string, signal?: AbortSignal): void {
    if (this.phase === 'created') throw new P2PError('not_started', `${this.name}.${operation} before start`)
    if (this.phase === 'stopped') throw new P2PError('stopped', `${this.name}.${operation} after stop`)
    throwIfAborted(signal)
  }
}
