import { describeMetricsCompliance } from '../compliance/metrics-compliance.js'
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
