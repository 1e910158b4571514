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
import { collectDefaultMetrics, Registry } from 'prom-client'
import { amount, MethodLabel } from './bounded-labels.js'
import { defineMetrics, type Metrics } from './metric-definitions.js'
import { defineNodeReadings, type NodeReadings, type NodeReadingsSource } from './node-readings.js'
import type {
  MetricsExposition,
  NodeInfo,
  PrometheusMetricsDeps,
  PrometheusMetricsOptions,
} from './options.js'
import { zeroClosedSeries } from './zero-series.js'

export const DEFAULT_PREFIX = 'p2p_'

/** Empty, or the start of a valid Prometheus metric name. */
const PREFIX = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?$/

/**
 * The Prometheus adapter of the three metrics ports. Every instance owns its registry, so two
 * nodes (or two tests) in one process never share a series; scrape it with `exposition`.
 * The port methods never throw: a size, count or duration outside 0 … 2^53 − 1 is dropped (see
 * `amount`), while the event itself is still counted.
 */
export class PrometheusMetrics implements P2PMetrics, UpstreamMetrics, BroadcastMetrics {
  readonly registry: Registry = new Registry()
  private readonly m: Metrics
  private readonly methods = new MethodLabel()
  private peerCount: (() => number) | undefined
  private readings: NodeReadingsSource | undefined
  /** The readings of the scrape in progress, so a source is asked once per scrape, not once per metric. */
  private scrape: { readings: NodeReadings | undefined } | undefined
  private clients = 0

  constructor(deps: PrometheusMetricsDeps = {}, options: PrometheusMetricsOptions = {}) {
    const prefix = options.prefix ?? DEFAULT_PREFIX
    if (!PREFIX.test(prefix)) {
      throw new P2PError('invalid_config', `invalid metrics prefix ${JSON.stringify(prefix)}`)
    }
    this.m = defineMetrics(this.registry, prefix, () => this.readPeerCount())
    defineNodeReadings(
      this.registry,
      prefix,
      () => (this.scrape ?? { readings: this.readReadings() }).readings,
    )
    zeroClosedSeries(this.m)
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry })
    this.peerCount = deps.peerCount
    if (options.info !== undefined) this.setInfo(options.info)
  }

  /** Read at every scrape; a throwing source or a non-number leaves `p2p_peers` without a sample. */
  setPeerCountSource(source: (() => number) | undefined): void {
    this.peerCount = source
  }

  /** Read at every scrape (once per metric); a throwing source leaves those metrics without samples. */
  setReadingsSource(source: NodeReadingsSource | undefined): void {
    this.readings = source
  }

  /** Replaces the one `p2p_info` series. */
  setInfo(info: NodeInfo): void {
    this.m.info.reset()
    this.m.info.set({ version: String(info.version), peer_id: String(info.peerId) }, 1)
  }

  /** An arrow, so the composition root can hand it to the HTTP route as it is. */
  readonly exposition = async (): Promise<MetricsExposition> => {
    this.scrape = { readings: this.readReadings() }
    try {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() }
    } finally {
      this.scrape = undefined
    }
  }

  // P2PMetrics

  messageReceived(kind: TopicKind, bytes: number): void {
    this.m.received.inc({ topic: kind })
    const size = amount(bytes)
    if (size !== undefined) this.m.receivedBytes.inc({ topic: kind }, size)
  }

  messagePublished(kind: TopicKind): void {
    this.m.published.inc({ topic: kind })
  }

  publishFailed(kind: TopicKind, code: ErrorCode): void {
    this.m.publishFailures.inc({ topic: kind, code })
  }

  gossipVerdict(kind: TopicKind, verdict: GossipVerdict): void {
    this.m.verdicts.inc({ topic: kind, verdict })
  }

  inputRejected(source: InputSource, code: ErrorCode): void {
    this.m.rejected.inc({ source, code })
  }

  /** Always counted; the duration is observed only when it is a real one. */
  handoff(kind: HandoffKind, outcome: HandoffOutcome, seconds: number): void {
    this.m.handoffs.inc({ kind, outcome })
    const duration = amount(seconds)
    if (duration !== undefined) this.m.handoffSeconds.observe({ kind, outcome }, duration)
  }

  notified(type: NotificationType): void {
    this.m.notified.inc({ type })
  }

  directReplySent(outcome: DirectReplyOutcome): void {
    this.m.directReplies.inc({ outcome })
  }

  // UpstreamMetrics

  upstreamCall(
    service: UpstreamService,
    method: string,
    outcome: UpstreamCallOutcome,
    seconds: number,
  ): void {
    const label = this.methods.of(method)
    this.m.upstreamCalls.inc({ service, method: label, outcome })
    const duration = amount(seconds)
    if (duration !== undefined) this.m.upstreamSeconds.observe({ service, method: label }, duration)
  }

  upstreamSubscriptionFailed(service: UpstreamService, code: ErrorCode): void {
    this.m.subscriptionFailures.inc({ service, code })
  }

  upstreamResubscribe(service: UpstreamService): void {
    this.m.resubscribes.inc({ service })
  }

  // BroadcastMetrics

  clientConnected(): void {
    this.clients += 1
    this.m.wsClients.set(this.clients)
  }

  /** A close without a matching connect (a bug in the sink) must not drive the gauge below 0. */
  clientClosed(reason: ClientCloseReason): void {
    this.clients = Math.max(0, this.clients - 1)
    this.m.wsClients.set(this.clients)
    this.m.wsCloses.inc({ reason })
  }

  notificationBroadcast(type: NotificationType, bytes: number, clients: number, seconds: number): void {
    this.m.wsNotifications.inc({ type })
    const copies = amount(clients)
    if (copies !== undefined) {
      this.m.wsCopies.inc({ type }, copies)
      const size = amount(bytes)
      // Two amounts in range can still multiply out of it.
      const sent = size === undefined ? undefined : amount(size * copies)
      if (sent !== undefined) this.m.wsSentBytes.inc(sent)
    }
    const duration = amount(seconds)
    if (duration !== undefined) this.m.wsBroadcastSeconds.observe(duration)
  }

  notificationsSkipped(type: NotificationType, count: number): void {
    const copies = amount(count)
    if (copies !== undefined) this.m.wsSkipped.inc({ type }, copies)
  }

  private readReadings(): NodeReadings | undefined {
    const source = this.readings
    if (source === undefined) return undefined
    try {
      return source()
    } catch {
      this.m.sourceErrors.inc({ gauge: 'readings' })
      return undefined
    }
  }

  /** Called during a scrape: whatever the source does, the scrape goes on. */
  private readPeerCount(): number | undefined {
    const source = this.peerCount
    if (source === undefined) return undefined
    let peers: number | undefined
    try {
      peers = amount(source())
    } catch {
      peers = undefined
    }
    if (peers === undefined) this.m.sourceErrors.inc({ gauge: 'peers' })
    return peers
  }
}
