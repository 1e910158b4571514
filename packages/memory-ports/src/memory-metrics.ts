import {
  type BroadcastMetrics,
  type ClientCloseReason,
  type DirectReplyOutcome,
  type ErrorCode,
  type GossipVerdict,
  type HandoffKind,
  type HandoffOutcome,
  type InputSource,
  type NotificationType,
  P2PError,
  type P2PMetrics,
  type TopicKind,
  type UpstreamCallOutcome,
  type UpstreamMetrics,
  type UpstreamService,
} from '@p2p/domain'
import { BoundedLog, wholeNumberOption } from './bounded-log.js'
import { SeriesCounts } from './metric-series.js'

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

/** The labels that name a series (kind, outcome, code…), not the amounts (bytes, seconds…). */
export type SeriesLabel<M extends MetricName> = Exclude<keyof MetricLabels[M], NumericLabel<M>>

export interface MemoryMetricsOptions {
  /**
   * Calls kept for `calls` and `callsOf`, the oldest forgotten first; 0 keeps none. `count`,
   * `sum` and `tally` still answer for every call (matching on an amount, `clients: 100`, aside:
   * that reads the log, so it needs every call kept): a run of millions of messages (a fuzzer, a
   * benchmark) bounds the log and still reads its counts. Default: every call.
   */
  readonly callLogLimit?: number
}

/**
 * Records metrics calls, in order (all of them unless `callLogLimit` says fewer), and counts every
 * call by series; `count` and `sum` answer "how many / how much, matching these labels".
 */
export class MemoryMetrics implements P2PMetrics, UpstreamMetrics, BroadcastMetrics {
  private readonly log: BoundedLog<MetricCall>
  private readonly counts = new SeriesCounts()

  constructor(options: MemoryMetricsOptions = {}) {
    const limit = options.callLogLimit ?? Number.POSITIVE_INFINITY
    this.log = new BoundedLog(wholeNumberOption('callLogLimit', limit, 0, Number.POSITIVE_INFINITY))
  }

  messageReceived(kind: TopicKind, bytes: number): void {
    this.record({ metric: 'messageReceived', kind, bytes })
  }

  messagePublished(kind: TopicKind): void {
    this.record({ metric: 'messagePublished', kind })
  }

  publishFailed(kind: TopicKind, code: ErrorCode): void {
    this.record({ metric: 'publishFailed', kind, code })
  }

  gossipVerdict(kind: TopicKind, verdict: GossipVerdict): void {
    this.record({ metric: 'gossipVerdict', kind, verdict })
  }

  inputRejected(source: InputSource, code: ErrorCode): void {
    this.record({ metric: 'inputRejected', source, code })
  }

  handoff(kind: HandoffKind, outcome: HandoffOutcome, seconds: number): void {
    this.record({ metric: 'handoff', kind, outcome, seconds })
  }

  notified(type: NotificationType): void {
    this.record({ metric: 'notified', type })
  }

  directReplySent(outcome: DirectReplyOutcome): void {
    this.record({ metric: 'directReplySent', outcome })
  }

  upstreamCall(
    service: UpstreamService,
    method: string,
    outcome: UpstreamCallOutcome,
    seconds: number,
  ): void {
    this.record({ metric: 'upstreamCall', service, method, outcome, seconds })
  }

  upstreamSubscriptionFailed(service: UpstreamService, code: ErrorCode): void {
    this.record({ metric: 'upstreamSubscriptionFailed', service, code })
  }

  upstreamResubscribe(service: UpstreamService): void {
    this.record({ metric: 'upstreamResubscribe', service })
  }

  clientConnected(): void {
    this.record({ metric: 'clientConnected' })
  }

  clientClosed(reason: ClientCloseReason): void {
    this.record({ metric: 'clientClosed', reason })
  }

  notificationBroadcast(type: NotificationType, bytes: number, clients: number, seconds: number): void {
    this.record({ metric: 'notificationBroadcast', type, bytes, clients, seconds })
  }

  notificationsSkipped(type: NotificationType, count: number): void {
    this.record({ metric: 'notificationsSkipped', type, count })
  }

  /** The kept calls (every call, unless `callLogLimit` says fewer), in the order they were made. */
  get calls(): readonly MetricCall[] {
    return this.log.items
  }

  /** The kept calls of one method whose labels include every label in `match`. */
  callsOf<M extends MetricName>(metric: M, match: Partial<MetricLabels[M]> = {}): Array<MetricLabels[M]> {
    const wanted = Object.entries(match) as Array<[string, unknown]>
    return this.log.items.filter((call): call is Extract<MetricCall, { metric: M }> => {
      if (call.metric !== metric) return false
      const labels = call as unknown as Record<string, unknown>
      return wanted.every(([key, value]) => labels[key] === value)
    }) as unknown as Array<MetricLabels[M]>
  }

  /** How many times `metric` was called with labels matching `match`, forgotten calls included. */
  count<M extends MetricName>(metric: M, match: Partial<MetricLabels[M]> = {}): number {
    return this.counts.count(metric, match) ?? this.everyCallOf(metric, match).length
  }

  /** The total of a numeric argument (bytes, seconds) over the matching calls, forgotten ones included. */
  sum<M extends MetricName>(metric: M, field: NumericLabel<M>, match: Partial<MetricLabels[M]> = {}): number {
    const summed = this.counts.sum(metric, field as string, match)
    if (summed !== undefined) return summed
    return this.everyCallOf(metric, match).reduce((total, call) => total + (call[field] as number), 0)
  }

  /**
   * The calls of `metric` counted by the values of `labels`, joined with ':' (`tally('handoff',
   * 'kind', 'outcome')` → `{ 'block:ok': 3 }`): a run's summary in one line.
   */
  tally<M extends MetricName>(metric: M, ...labels: Array<SeriesLabel<M>>): Record<string, number> {
    return this.counts.tally(metric, labels as string[])
  }

  reset(): void {
    this.log.clear()
    this.counts.clear()
  }

  private record(call: MetricCall): void {
    this.log.push(call)
    this.counts.add(call)
  }

  /** Matching on an amount reads the log: series count amounts together, not apart. */
  private everyCallOf<M extends MetricName>(
    metric: M,
    match: Partial<MetricLabels[M]>,
  ): Array<MetricLabels[M]> {
    if (!this.log.complete) {
      throw new P2PError('invalid_config', `matching ${metric} on an amount needs every call kept`, {
        context: { callLogLimit: this.log.limit },
      })
    }
    return this.callsOf(metric, match)
  }
}
