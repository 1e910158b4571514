/** How a node service we depend on looks from here; feeds health checks. */
export type UpstreamState = 'connecting' | 'up' | 'down'

export interface UpstreamStatus {
  readonly state: UpstreamState
  /** Human-readable reason when not `up`. */
  readonly detail?: string
  /** Epoch milliseconds of the last state change. */
  readonly sinceMs: number
}
