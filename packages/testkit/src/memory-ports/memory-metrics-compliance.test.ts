import { MemoryMetrics, type MemoryMetricsOptions } from '@p2p/memory-ports'
import { describeBroadcastMetricsCompliance } from '../compliance/broadcast-metrics-compliance.js'
import { describeMetricsCompliance } from '../compliance/metrics-compliance.js'
import { describeUpstreamMetricsCompliance } from '../compliance/upstream-metrics-compliance.js'

// Every suite twice: keeping every call, and keeping none, where the counts alone must answer.
const configurations: ReadonlyArray<readonly [string, MemoryMetricsOptions]> = [
  ['MemoryMetrics', {}],
  ['MemoryMetrics (counts only)', { callLogLimit: 0 }],
]

for (const [name, options] of configurations) {
  describeMetricsCompliance(name, async () => {
    const metrics = new MemoryMetrics(options)
    return {
      metrics,
      rejectedCount: async (source, code) => metrics.count('inputRejected', { source, code }),
      handoffCount: async (kind, outcome) => metrics.count('handoff', { kind, outcome }),
      cleanup: async () => {},
    }
  })

  describeUpstreamMetricsCompliance(name, async () => {
    const metrics = new MemoryMetrics(options)
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

  describeBroadcastMetricsCompliance(name, async () => {
    const metrics = new MemoryMetrics(options)
    return {
      metrics,
      clients: async () => metrics.count('clientConnected') - metrics.count('clientClosed'),
      closedCount: async (reason) => metrics.count('clientClosed', { reason }),
      broadcastCount: async (type) => metrics.count('notificationBroadcast', { type }),
      skippedCount: async (type) => metrics.sum('notificationsSkipped', 'count', { type }),
      cleanup: async () => {},
    }
  })
}
