/** How a node service we depend on looks from here; feeds health checks. */
export type UpstreamState = 'connecting' | 'up' | 'down'

export interface UpstreamStatus {
  readonly state: UpstreamState
  /** Human-readable reason when not `up`. */
  readonly detail?: string
  /** Epoch milliseconds of the last state change. */
  readonly sinceMs: number
  // The fields below are reported for subscriptions (a stream we hold open) only. A subscription
  // is up while its call is open, however little the service says on it: a quiet chain is not a
  // broken one, so how long it has been quiet is shown beside the state, never folded into it.
  /** While up: milliseconds since the last message on the open stream, or since it opened if none. */
  readonly quietForMs?: number
  /** Epoch milliseconds of the last message received on any stream since start (keep-alives too). */
  readonly lastMessageMs?: number
  /** Subscribe calls that failed since start: refused, broken, ended by the service, or never connected. */
  readonly failures?: number
  /** Subscribe calls opened again after a failure. */
  readonly reconnects?: number
}
