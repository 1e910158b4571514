import type { UpstreamStatus } from '@p2p/domain'

export type ActivityFields = Pick<UpstreamStatus, 'quietForMs' | 'lastMessageMs' | 'failures' | 'reconnects'>

/**
 * What a subscription has done since start, reported beside its state: how long the open stream
 * has been quiet, when the last message came, how many streams failed and how many were opened
 * again. Silence is information for the operator, never a reason to call a subscription down.
 */
export class SubscriptionActivity {
  private openedMs: number | undefined
  private lastMessageMs: number | undefined
  private failures = 0
  private reconnects = 0

  /** The current stream counts as open (up) since `atMs`. */
  opened(atMs: number): void {
    this.openedMs = atMs
  }

  message(atMs: number): void {
    this.lastMessageMs = atMs
  }

  failed(): void {
    this.openedMs = undefined
    this.failures++
  }

  reopened(): void {
    this.reconnects++
  }

  /** Stopped: no stream is open, counts are kept. */
  closed(): void {
    this.openedMs = undefined
  }

  /**
   * `quietForMs` only while a stream is open (a closed one is not quiet, it is down), counted from
   * its last message, or from when it opened if it has had none (an older stream's messages do
   * not make a new one less quiet).
   */
  snapshot(nowMs: number): ActivityFields {
    const opened = this.openedMs
    const quietSince =
      opened === undefined ? undefined : Math.max(opened, this.lastMessageMs ?? Number.NEGATIVE_INFINITY)
    return {
      ...(quietSince === undefined ? {} : { quietForMs: Math.max(0, nowMs - quietSince) }),
      ...(this.lastMessageMs === undefined ? {} : { lastMessageMs: this.lastMessageMs }),
      failures: this.failures,
      reconnects: this.reconnects,
    }
  }
}
