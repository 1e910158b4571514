import { MemoryMetrics } from '@p2p/memory-ports'
import { describeBroadcastMetricsCompliance } from '../compliance/broadcast-metrics-compliance.js'
import { describeMetricsCompliance } from '../compliance/metrics-compliance.js'
import { describeUpstreamMetricsCompliance } from '../compliance/upstream-metrics-compliance.js'

describeMetricsCompliance('MemoryMetrics', async () => {
  const metrics = new MemoryMetrics()
  return {
    metrics,
    rejectedCount: async (source, code) => metrics.count('inputRejected', { source, code }),
    handoffCount: async (kind, outcome) => metrics.count('handoff', { kind, outcome }),
    cleanup: async () => {},
  }
})

describeUpstreamMetricsCompliance('MemoryMetrics', async () => {
  const metrics = new MemoryMetrics()
  return {
    metrics,
    callCount: async (service, method, outcome) =>
      metrics.count('upstreamCall', { service, method, outcome }),
    subscriptionFailureCount: async (service, code) =>
      metrics.count('upstreamSubscriptionFailed', { service, code }),
    resubscribeCount: async (service) => metrics.count('upstreamResubscribe', { service }),
    cleanup: async () => {},
  }
})

describeBroadcastMetricsCompliance('MemoryMetrics', async () => {
  const metrics = new MemoryMetrics()
  return {
    metrics,
    clients: async () =>
      metrics.count('clientConnected') - metrics.calls.filter((c) => c.metric === 'clientClosed').length,
    closedCount: async (reason) => metrics.count('clientClosed', { reason }),
    broadcastCount: async (type) => metrics.count('notificationBroadcast', { type }),
    skippedCount: async (type) => metrics.sum('notificationsSkipped', 'count', { type }),
    cleanup: async () => {},
  }
})
