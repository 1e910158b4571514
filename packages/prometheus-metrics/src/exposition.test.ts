import { P2PError } from '@p2p/domain'
import { register as globalRegistry, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { sampleValue } from '../test/read-metric.js'
import { DURATION_BUCKETS } from './metric-definitions.js'
import { PrometheusMetrics } from './prometheus-metrics.js'

const scrape = async (metrics: PrometheusMetrics) => (await metrics.exposition()).body

/** The lines of one metric family: its HELP, TYPE and samples. */
const family = (body: string, name: string) =>
  body.split('\n').filter((line) => line.split(/[ {]/).some((word) => word.startsWith(name)))

describe('PrometheusMetrics exposition', () => {
  it('serves the Prometheus text format with HELP and TYPE lines', async () => {
    const metrics = new PrometheusMetrics({}, { defaultMetrics: false })
    metrics.messageReceived('block', 512)
    metrics.inputRejected('direct', 'invalid_json')
    const { contentType, body } = await metrics.exposition()
    expect(contentType).toBe(Registry.PROMETHEUS_CONTENT_TYPE)
    expect(body).toContain(
      '# HELP p2p_gossip_messages_received_total Gossip messages received, per topic.\n' +
        '# TYPE p2p_gossip_messages_received_total counter\n' +
        'p2p_gossip_messages_received_total{topic="bestBlock"} 0\n' +
        'p2p_gossip_messages_received_total{topic="block"} 1\n',
    )
    expect(body).toContain('p2p_gossip_received_bytes_total{topic="block"} 512\n')
    expect(body).toContain('p2p_inputs_rejected_total{source="direct",code="invalid_json"} 1\n')
    expect(body).toContain('# TYPE p2p_websocket_clients gauge\np2p_websocket_clients 0\n')
    expect(body).toContain('# TYPE p2p_block_validation_handoff_duration_seconds histogram\n')
  })

  it('names every family with the prefix, counters ending in _total', async () => {
    const names = new PrometheusMetrics({}, { defaultMetrics: false }).registry
      .getMetricsAsArray()
      .map((metric) => metric as unknown as { name: string; type: string })
    expect(names.length).toBeGreaterThanOrEqual(22)
    for (const { name, type } of names) {
      expect(name).toMatch(/^p2p_[a-z_]+$/)
      if (type === 'counter') expect(name).toMatch(/_total$/)
      if (type === 'histogram') expect(name).toMatch(/_seconds$/)
    }
  })

  it('exposes the small closed label sets at 0 before anything happens, and error-coded ones lazily', async () => {
    const body = await scrape(new PrometheusMetrics({}, { defaultMetrics: false }))
    expect(family(body, 'p2p_gossip_verdicts_total')).toHaveLength(2 + 6 * 3)
    expect(body).toContain('p2p_block_validation_handoffs_total{kind="subtree",outcome="dropped"} 0\n')
    expect(body).toContain('p2p_websocket_client_closes_total{reason="origin_refused"} 0\n')
    expect(family(body, 'p2p_inputs_rejected_total')).toHaveLength(2)
    expect(family(body, 'p2p_gossip_publish_failures_total')).toHaveLength(2)
    // Subscription failures: only the three upstream codes ever occur, zeroed per service.
    expect(family(body, 'p2p_upstream_subscription_failures_total')).toHaveLength(2 + 3 * 3)
    expect(body).toContain(
      'p2p_upstream_subscription_failures_total{service="blockchain",code="upstream_unavailable"} 0\n',
    )
  })

  it('buckets hand-off durations from 1 ms to 30 s, per kind and outcome', async () => {
    const metrics = new PrometheusMetrics({}, { defaultMetrics: false })
    metrics.handoff('block', 'ok', 0.042)
    metrics.handoff('block', 'ok', 45)
    const body = await scrape(metrics)
    const name = 'p2p_block_validation_handoff_duration_seconds'
    const bounds = family(body, `${name}_bucket`).map((line) => /le="([^"]+)"/.exec(line)?.[1])
    expect(bounds).toEqual([...DURATION_BUCKETS.map(String), '+Inf'])
    expect(body).toContain(`${name}_bucket{le="0.025",kind="block",outcome="ok"} 0\n`)
    expect(body).toContain(`${name}_bucket{le="0.05",kind="block",outcome="ok"} 1\n`)
    expect(body).toContain(`${name}_bucket{le="30",kind="block",outcome="ok"} 1\n`)
    expect(body).toContain(`${name}_bucket{le="+Inf",kind="block",outcome="ok"} 2\n`)
    expect(body).toContain(`${name}_sum{kind="block",outcome="ok"} 45.042\n`)
    expect(body).toContain(`${name}_count{kind="block",outcome="ok"} 2\n`)
  })

  it('includes the process metrics unless told not to', async () => {
    expect(await scrape(new PrometheusMetrics())).toMatch(/^process_cpu_seconds_total /m)
    expect(await scrape(new PrometheusMetrics())).toMatch(/^nodejs_eventloop_lag_seconds /m)
    expect(await scrape(new PrometheusMetrics({}, { defaultMetrics: false }))).not.toContain('process_')
  })

  it('takes another prefix, and refuses one that would make invalid names', async () => {
    const body = await scrape(new PrometheusMetrics({}, { prefix: 'teranode_p2p_', defaultMetrics: false }))
    expect(body).toContain('# TYPE teranode_p2p_gossip_messages_received_total counter')
    expect(body).not.toMatch(/^p2p_/m)
    expect(() => new PrometheusMetrics({}, { prefix: 'p2p-' })).toThrow(P2PError)
    expect(() => new PrometheusMetrics({}, { prefix: '1p2p_' })).toThrow(/invalid metrics prefix/)
  })

  it('keeps two instances in one process apart, and out of the global registry', async () => {
    const a = new PrometheusMetrics()
    const b = new PrometheusMetrics()
    a.messagePublished('block')
    a.messagePublished('block')
    b.messagePublished('block')
    const published = 'p2p_gossip_messages_published_total'
    expect(await sampleValue(a.registry, published, { topic: 'block' })).toBe(2)
    expect(await sampleValue(b.registry, published, { topic: 'block' })).toBe(1)
    expect(globalRegistry.getSingleMetric(published)).toBeUndefined()
    expect(globalRegistry.getSingleMetric('process_cpu_seconds_total')).toBeUndefined()
  })

  it('can be handed to an HTTP route unbound', async () => {
    const { exposition } = new PrometheusMetrics({}, { defaultMetrics: false })
    await expect(exposition()).resolves.toMatchObject({ body: expect.stringContaining('p2p_peers') })
  })
})
