export { amount, MAX_METHODS, MethodLabel, OTHER_METHOD } from './bounded-labels.js'
export { BROADCAST_BUCKETS, DURATION_BUCKETS } from './metric-definitions.js'
export type { NodeReadings, NodeReadingsSource } from './node-readings.js'
export type {
  MetricsExposition,
  NodeInfo,
  PrometheusMetricsDeps,
  PrometheusMetricsOptions,
} from './options.js'
export { DEFAULT_PREFIX, PrometheusMetrics } from './prometheus-metrics.js'
