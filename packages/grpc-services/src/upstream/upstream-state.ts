import type { Clock, UpstreamState, UpstreamStatus } from '@p2p/domain'

/** The status a node-service adapter reports for health checks, stamped with the clock. */
export class UpstreamStateTracker {
  private current: UpstreamStatus

  constructor(private readonly clock: Clock) {
    this.current = { state: 'connecting', detail: 'not started', sinceMs: clock.now() }
  }

  get status(): UpstreamStatus {
    return this.current
  }

  set(state: UpstreamState, detail?: string): void {
    if (this.current.state === state && this.current.detail === detail) return
    this.current =
      detail === undefined
        ? { state, sinceMs: this.clock.now() }
        : { state, detail, sinceMs: this.clock.now() }
  }
}
