import type {
  BroadcastMetrics,
  ClientCloseReason,
  DirectReplyOutcome,
  ErrorCode,
  GossipVerdict,
  HandoffKind,
  HandoffOutcome,
  InputSource,
  NotificationType,
  P2PMetrics,
  TopicKind,
  UpstreamCallOutcome,
  UpstreamMetrics,
  UpstreamService,
} from '@p2p/domain'

/** The arguments of each P2PMetrics method, named, so tests can match on any of them. */
export interface MetricLabels {
  messageReceived: { readonly kind: TopicKind; readonly bytes: number }
  messagePublished: { readonly kind: TopicKind }
  publishFailed: { readonly kind: TopicKind; readonly code: ErrorCode }
  gossipVerdict: { readonly kind: TopicKind; readonly verdict: GossipVerdict }
  inputRejected: { readonly source: InputSource; readonly code: ErrorCode }
  handoff: { readonly kind: HandoffKind; readonly outcome: HandoffOutcome; readonly seconds: number }
  notified: { readonly type: NotificationType }
  directReplySent: { readonly outcome: DirectReplyOutcome }
  upstreamCall: {
    readonly service: UpstreamService
    readonly method: string
    readonly outcome: UpstreamCallOutcome
    readonly seconds: number
  }
  upstreamSubscriptionFailed: { readonly service: UpstreamService; readonly code: ErrorCode }
  upstreamResubscribe: { readonly service: UpstreamService }
  clientConnected: object
  clientClosed: { readonly reason: ClientCloseReason }
  notificationBroadcast: {
    readonly type: NotificationType
    readonly bytes: number
    readonly clients: number
    readonly seconds: number
  }
  notificationsSkipped: { readonly type: NotificationType; readonly count: number }
}

export type MetricName = keyof MetricLabels

export type MetricCall = { [M in MetricName]: { readonly metric: M } & MetricLabels[M] }[MetricName]

type NumericLabel<M extends MetricName> = {
  [K in keyof MetricLabels[M]]: MetricLabels[M][K] extends number ? K : never
}[keyof MetricLabels[M]]

/** Records every metrics call, in order; `count` and `sum` answer "how many / how much, matching these labels". */
export class MemoryMetrics implements P2PMetrics, UpstreamMetrics, BroadcastMetrics {
  private readonly log: MetricCall[] = []

  messageReceived(kind: TopicKind, bytes: number): void {
    this.log.push({ metric: 'messageReceived', kind, bytes })
  }

  messagePublished(kind: TopicKind): void {
    this.log.push({ metric: 'messagePublished', kind })
  }

  publishFailed(kind: TopicKind, code: ErrorCode): void {
    this.log.push({ metric: 'publishFailed', kind, code })
  }

  gossipVerdict(kind: TopicKind, verdict: GossipVerdict): void {
    this.log.push({ metric: 'gossipVerdict', kind, verdict })
  }

  inputRejected(source: InputSource, code: ErrorCode): void {
    this.log.push({ metric: 'inputRejected', source, code })
  }

  handoff(kind: HandoffKind, outcome: HandoffOutcome, seconds: number): void {
    this.log.push({ metric: 'handoff', kind, outcome, seconds })
  }

  notified(type: NotificationType): void {
    this.log.push({ metric: 'notified', type })
  }

  directReplySent(outcome: DirectReplyOutcome): void {
    this.log.push({ metric: 'directReplySent', outcome })
  }

  upstreamCall(
    service: UpstreamService,
    method: string,
    outcome: UpstreamCallOutcome,
    seconds: number,
  ): void {
    this.log.push({ metric: 'upstreamCall', service, method, outcome, seconds })
  }

  upstreamSubscriptionFailed(service: UpstreamService, code: ErrorCode): void {
    this.log.push({ metric: 'upstreamSubscriptionFailed', service, code })
  }

  upstreamResubscribe(service: UpstreamService): void {
    this.log.push({ metric: 'upstreamResubscribe', service })
  }

  clientConnected(): void {
    this.log.push({ metric: 'clientConnected' })
  }

  clientClosed(reason: ClientCloseReason): void {
    this.log.push({ metric: 'clientClosed', reason })
  }

  notificationBroadcast(type: NotificationType, bytes: number, clients: number, seconds: number): void {
    this.log.push({ metric: 'notificationBroadcast', type, bytes, clients, seconds })
  }

  notificationsSkipped(type: NotificationType, count: number): void {
    this.log.push({ metric: 'notificationsSkipped', type, count })
  }

  /** Every call, in the order it was made. */
  get calls(): readonly MetricCall[] {
    return this.log
  }

  /** The calls of one method whose labels include every label in `match`. */
  callsOf<M extends MetricName>(metric: M, match: Partial<MetricLabels[M]> = {}): Array<MetricLabels[M]> {
    const wanted = Object.entries(match) as Array<[string, unknown]>
    return this.log.filter((call): call is Extract<MetricCall, { metric: M }> => {
      if (call.metric !== metric) return false
      const labels = call as unknown as Record<string, unknown>
      return wanted.every(([key, value]) => labels[key] === value)
    }) as unknown as Array<MetricLabels[M]>
  }

  /** How many times `metric` was called with labels matching `match`. */
  count<M extends MetricName>(metric: M, match: Partial<MetricLabels[M]> = {}): number {
    return this.callsOf(metric, match).length
  }

  /** The total of a numeric argument (bytes, seconds) over the matching calls. */
  sum<M extends MetricName>(metric: M, field: NumericLabel<M>, match: Partial<MetricLabels[M]> = {}): number {
    return this.callsOf(metric, match).reduce((total, call) => total + (call[field] as number), 0)
  }

  reset(): void {
    this.log.length = 0
  }
}
