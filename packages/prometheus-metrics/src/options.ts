/** What `p2p_info` labels: which build, and which peer identity, this node runs. */
export interface NodeInfo {
  readonly version: string
  readonly peerId: string
}

/** The body and content type of the HTTP `/metrics` route. */
export interface MetricsExposition {
  readonly contentType: string
  readonly body: string
}

export interface PrometheusMetricsDeps {
  /** The same as calling `setPeerCountSource`. */
  readonly peerCount?: () => number
}

export interface PrometheusMetricsOptions {
  /** Prepended to every metric of this adapter (not to prom-client's process metrics); default `p2p_`. */
  readonly prefix?: string
  /** prom-client's process metrics (CPU, memory, event-loop lag, GC, handles); default true. */
  readonly defaultMetrics?: boolean
  /** The same as calling `setInfo`. */
  readonly info?: NodeInfo
}
