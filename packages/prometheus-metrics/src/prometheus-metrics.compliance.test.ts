import {
  describeBroadcastMetricsCompliance,
  describeMetricsCompliance,
  describeUpstreamMetricsCompliance,
} from '@p2p/testkit'
import { sampleValue } from '../test/read-metric.js'
import { PrometheusMetrics } from './prometheus-metrics.js'

// Every harness reads its counts back from the instance's own registry, the way a scrape would.
const fresh = () => new PrometheusMetrics({}, { defaultMetrics: false })
const cleanup = async () => {}

describeMetricsCompliance('PrometheusMetrics', async () => {
  const metrics = fresh()
  return {
    metrics,
    rejectedCount: (source, code) =>
      sampleValue(metrics.registry, 'p2p_inputs_rejected_total', { source, code }),
    handoffCount: (kind, outcome) =>
      sampleValue(metrics.registry, 'p2p_block_validation_handoffs_total', { kind, outcome }),
    cleanup,
  }
})

describeUpstreamMetricsCompliance('PrometheusMetrics', async () => {
  const metrics = fresh()
  return {
    metrics,
    callCount: (service, method, outcome) =>
      sampleValue(metrics.registry, 'p2p_upstream_calls_total', { service, method, outcome }),
    subscriptionFailureCount: (service, code) =>
      sampleValue(metrics.registry, 'p2p_upstream_subscription_failures_total', { service, code }),
    resubscribeCount: (service) =>
      sampleValue(metrics.registry, 'p2p_upstream_resubscribes_total', { service }),
    cleanup,
  }
})

describeBroadcastMetricsCompliance('PrometheusMetrics', async () => {
  const metrics = fresh()
  return {
    metrics,
    clients: () => sampleValue(metrics.registry, 'p2p_websocket_clients'),
    closedCount: (reason) => sampleValue(metrics.registry, 'p2p_websocket_client_closes_total', { reason }),
    broadcastCount: (type) => sampleValue(metrics.registry, 'p2p_websocket_notifications_total', { type }),
    skippedCount: (type) =>
      sampleValue(metrics.registry, 'p2p_websocket_notifications_skipped_total', { type }),
    cleanup,
  }
})
