export interface RequestBudgetOptions {
  readonly limit: number
  readonly windowMs: number
}

interface Window {
  startedAt: number
  count: number
  warned: boolean
}

export type BudgetVerdict = 'allowed' | 'over' | 'over_first'

/**
 * Inbound requests per peer in fixed windows, as the bus counts them: a window opens with a
 * peer's first request and lasts `windowMs`; requests past `limit` in it are refused.
 * `over_first` marks the first refusal of a window, so the caller warns once per window.
 */
export class RequestBudget {
  private readonly windows = new Map<string, Window>()
  private lastSweep = 0

  constructor(
    private readonly now: () => number,
    private readonly options: RequestBudgetOptions,
  ) {}

  take(peer: string): BudgetVerdict {
    const now = this.now()
    this.sweep(now)
    let window = this.windows.get(peer)
    if (window === undefined || now - window.startedAt >= this.options.windowMs) {
      window = { startedAt: now, count: 0, warned: false }
      this.windows.set(peer, window)
    }
    window.count++
    if (window.count <= this.options.limit) return 'allowed'
    if (window.warned) return 'over'
    window.warned = true
    return 'over_first'
  }

  /** Peers with an open window; each is dropped within two windows of its last request. */
  get size(): number {
    return this.windows.size
  }

  clear(): void {
    this.windows.clear()
  }

  // Once per window, so the map holds only peers that asked recently whatever their number.
  private sweep(now: number): void {
    if (now - this.lastSweep < this.options.windowMs) return
    this.lastSweep = now
    for (const [peer, window] of this.windows) {
      if (now - window.startedAt >= this.options.windowMs) this.windows.delete(peer)
    }
  }
}
