import type { Announcement, HandoffKind, NodeStatusMessage, Notification, Offence, PeerId } from '@p2p/domain'

/** What a verdict sets in motion, done once the network has the verdict. */
export type Effect =
  | { readonly type: 'handOff'; readonly kind: HandoffKind; readonly announcement: Announcement }
  | { readonly type: 'notify'; readonly notification: Notification }
  | { readonly type: 'answerBestBlock'; readonly peer: PeerId }
  | { readonly type: 'penalize'; readonly peer: PeerId; readonly offence: Offence; readonly detail: string }
  | { readonly type: 'nodeStatus'; readonly status: NodeStatusMessage }

export interface AfterVerdictDeps {
  /** Does one effect; must not throw (each runner guards its own port). */
  readonly run: (effect: Effect) => void
  /** Effects kept waiting at most; past it they are done at once rather than lost. */
  readonly limit: number
}

/**
 * The side effects of judging gossip, kept apart from the verdict. Gossipsub relays a message
 * only once its validator returns, so notifying a thousand websocket clients, queueing hand-offs
 * or hanging up on a banned peer inside the validator would make every relay wait on them. The
 * router records them here and returns; the network calls `drain` (through the listener's
 * `afterVerdicts`) once it has passed the verdicts on. Bounded: a network that does not drain
 * in time gets them done on the next push past the limit, never dropped.
 */
export class AfterVerdict {
  private pending: Effect[] = []

  constructor(private readonly deps: AfterVerdictDeps) {}

  get waiting(): number {
    return this.pending.length
  }

  push(effect: Effect): void {
    this.pending.push(effect)
    if (this.pending.length > this.deps.limit) this.drain()
  }

  drain(): void {
    // Swapped out first: an effect may judge more input, whose effects wait for the next drain.
    const batch = this.pending
    this.pending = []
    for (const effect of batch) this.deps.run(effect)
  }
}
