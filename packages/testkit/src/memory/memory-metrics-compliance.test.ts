import { describeMetricsCompliance } from '../compliance/metrics-compliance.js'
import { describeUpstreamMetricsCompliance } from '../compliance/upstream-metrics-compliance.js'
import { MemoryMetrics } from './memory-metrics.js'

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
    resubscribeCount: async (service) => metrics.count('upstreamResubscribe', { service }),
    cleanup: async () => {},
  }
})
