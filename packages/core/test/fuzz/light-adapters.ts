import type {
  Announcement,
  BlockValidator,
  ErrorCode,
  GossipVerdict,
  HandoffKind,
  InputSource,
  Logger,
  Notification,
  NotificationSink,
  Offence,
  P2PMetrics,
  PeerId,
  PeerReputation,
  TopicKind,
  UpstreamStatus,
} from '@p2p/domain'

// Half a million messages through the in-memory adapters would keep millions of records;
// these keep counts only, so the fuzz run measures the service and not the test's bookkeeping.

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

export class CountingMetrics implements P2PMetrics {
  readonly verdicts = new Map<string, number>()
  readonly refusals = new Map<string, number>()
  readonly handoffs = new Map<string, number>()
  /** Refusals so far, and the code of the latest: enough to tell what became of one message. */
  refusedCount = 0
  lastCode: ErrorCode | undefined
  messageReceived(): void {}
  messagePublished(): void {}
  publishFailed(): void {}
  gossipVerdict(kind: TopicKind, verdict: GossipVerdict): void {
    bump(this.verdicts, `${kind}:${verdict}`)
  }
  inputRejected(source: InputSource, code: ErrorCode): void {
    this.refusedCount++
    this.lastCode = code
    bump(this.refusals, `${source}:${code}`)
  }
  handoff(kind: HandoffKind, outcome: string): void {
    bump(this.handoffs, `${kind}:${outcome}`)
  }
  notified(): void {}
  directReplySent(): void {}
}

export class SilentLogger implements Logger {
  errors = 0
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {
    this.errors++
  }
  child(): Logger {
    return this
  }
}

export class LastNotificationSink implements NotificationSink {
  count = 0
  last: Notification | undefined
  notify(notification: Notification): void {
    this.count++
    this.last = notification
  }
}

/** Records every hand-off at once; fails every `failEvery`-th, so the fallback path runs too. */
export class FastValidator implements BlockValidator {
  readonly calls: Array<{ readonly kind: HandoffKind; readonly announcement: Announcement }> = []
  constructor(private readonly failEvery: number) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status(): UpstreamStatus {
    return { state: 'up', sinceMs: 0 }
  }
  blockFound(announcement: Announcement): Promise<void> {
    return this.record('block', announcement)
  }
  subtreeFound(announcement: Announcement): Promise<void> {
    return this.record('subtree', announcement)
  }
  private record(kind: HandoffKind, announcement: Announcement): Promise<void> {
    this.calls.push({ kind, announcement })
    return this.calls.length % this.failEvery === 0
      ? Promise.reject(new Error('fetch failed'))
      : Promise.resolve()
  }
}

/** Bans a fixed set of peers and counts penalties without ever banning anyone else. */
export class FixedReputation implements PeerReputation {
  readonly penalties = new Map<string, number>()
  constructor(private readonly banned: ReadonlySet<PeerId>) {}
  penalize(_peer: PeerId, offence: Offence): void {
    bump(this.penalties, offence)
  }
  isBanned(peer: PeerId): boolean {
    return this.banned.has(peer)
  }
}
