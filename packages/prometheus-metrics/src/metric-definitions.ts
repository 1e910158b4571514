import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/**
 * Hand-offs and node-service calls: a cache hit takes about a millisecond, a block validation or
 * a call stuck until its deadline tens of seconds; anything slower lands in `+Inf`.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
]

/** One notification serialised once and written to every client: microseconds, a second at worst. */
export const BROADCAST_BUCKETS: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
]

/** Read at scrape time; `undefined` leaves the gauge without a sample (unknown is not zero). */
export type ScrapeReader = () => number | undefined

/** Every metric of the adapter, registered in `registry`, named `${prefix}…`. */
export function defineMetrics(registry: Registry, prefix: string, readPeers: ScrapeReader) {
  const registers = [registry]
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `${prefix}${name}`, help, labelNames, registers })
  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: readonly number[],
  ) => new Histogram<L>({ name: `${prefix}${name}`, help, labelNames, buckets: [...buckets], registers })

  return {
    // P2PMetrics
    received: counter('gossip_messages_received_total', 'Gossip messages received, per topic.', ['topic']),
    receivedBytes: counter(
      'gossip_received_bytes_total',
      'Payload bytes of the gossip messages received, per topic.',
      ['topic'],
    ),
    published: counter('gossip_messages_published_total', 'Gossip messages published, per topic.', ['topic']),
    publishFailures: counter(
      'gossip_publish_failures_total',
      'Gossip messages that could not be published, per topic and error code.',
      ['topic', 'code'],
    ),
    verdicts: counter(
      'gossip_verdicts_total',
      'Validation verdicts handed to gossipsub (accept, ignore, reject), per topic.',
      ['topic', 'verdict'],
    ),
    rejected: counter(
      'inputs_rejected_total',
      'Inputs refused (gossip, direct messages, chain events), per source and error code.',
      ['source', 'code'],
    ),
    handoffs: counter(
      'block_validation_handoffs_total',
      'Blocks and subtrees handed to block validation, per kind and outcome.',
      ['kind', 'outcome'],
    ),
    handoffSeconds: histogram(
      'block_validation_handoff_duration_seconds',
      'How long a hand-off to block validation took, per kind and outcome.',
      ['kind', 'outcome'],
      DURATION_BUCKETS,
    ),
    notified: counter('notifications_total', 'Notifications emitted to subscribers, per type.', ['type']),
    directReplies: counter('direct_replies_total', 'Direct replies to peers, per outcome.', ['outcome']),

    // UpstreamMetrics
    upstreamCalls: counter(
      'upstream_calls_total',
      'Calls to the node services, per service, method and outcome (ok or an error code).',
      ['service', 'method', 'outcome'],
    ),
    upstreamSeconds: histogram(
      'upstream_call_duration_seconds',
      'How long a call to a node service took, per service and method.',
      ['service', 'method'],
      DURATION_BUCKETS,
    ),
    subscriptionFailures: counter(
      'upstream_subscription_failures_total',
      'Node-service subscription streams that failed (refused, broken, ended, or never connected), per service and error code.',
      ['service', 'code'],
    ),
    resubscribes: counter(
      'upstream_resubscribes_total',
      'Node-service subscription streams opened again after a failure, per service.',
      ['service'],
    ),

    // BroadcastMetrics
    wsClients: new Gauge({
      name: `${prefix}websocket_clients`,
      help: 'Websocket clients connected now.',
      registers,
    }),
    wsCloses: counter('websocket_client_closes_total', 'Websocket clients gone, per reason.', ['reason']),
    wsNotifications: counter(
      'websocket_notifications_total',
      'Notifications broadcast to websocket clients (one per notification), per type.',
      ['type'],
    ),
    wsCopies: counter(
      'websocket_notification_copies_total',
      'Copies of notifications handed to websocket clients (one per client), per type.',
      ['type'],
    ),
    wsSentBytes: counter(
      'websocket_sent_bytes_total',
      'Bytes handed to websocket clients (notification size times clients).',
      [],
    ),
    wsBroadcastSeconds: histogram(
      'websocket_broadcast_duration_seconds',
      'How long serialising a notification and handing it to every client took.',
      [],
      BROADCAST_BUCKETS,
    ),
    wsSkipped: counter(
      'websocket_notifications_skipped_total',
      'Copies of notifications not sent to a client already being evicted, per type.',
      ['type'],
    ),

    // Fed at scrape time by the composition root
    peers: new Gauge({
      name: `${prefix}peers`,
      help: 'Peers connected now.',
      registers,
      collect() {
        const peers = readPeers()
        if (peers === undefined) this.remove()
        else this.set(peers)
      },
    }),
    info: new Gauge<'version' | 'peer_id'>({
      name: `${prefix}info`,
      help: 'Always 1; the labels say which build and which peer identity this node runs.',
      labelNames: ['version', 'peer_id'],
      registers,
    }),
    sourceErrors: counter(
      'metrics_source_errors_total',
      'Scrape-time sources (the peer count) that threw or answered a non-number, per gauge.',
      ['gauge'],
    ),
  }
}

export type Metrics = ReturnType<typeof defineMetrics>
