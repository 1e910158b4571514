import { describe, expect, it } from 'vitest'
import { findSample, sampleValue } from '../test/read-metric.js'
import { PrometheusMetrics } from './prometheus-metrics.js'

const fresh = () => new PrometheusMetrics({}, { defaultMetrics: false })
const sourceErrors = (metrics: PrometheusMetrics) =>
  sampleValue(metrics.registry, 'p2p_metrics_source_errors_total', { gauge: 'peers' })

describe('p2p_peers, read from the composition root at scrape time', () => {
  it('asks the source at every scrape', async () => {
    const metrics = fresh()
    let peers = 3
    metrics.setPeerCountSource(() => peers)
    expect((await metrics.exposition()).body).toContain('# TYPE p2p_peers gauge\np2p_peers 3\n')
    peers = 8
    expect((await metrics.exposition()).body).toContain('p2p_peers 8\n')
  })

  it('takes the source from the constructor too', async () => {
    const metrics = new PrometheusMetrics({ peerCount: () => 5 }, { defaultMetrics: false })
    expect(await sampleValue(metrics.registry, 'p2p_peers')).toBe(5)
  })

  it('has no sample while there is no source: unknown is not zero peers', async () => {
    const metrics = fresh()
    const { body } = await metrics.exposition()
    expect(body).toContain('# TYPE p2p_peers gauge\n')
    expect(body).not.toMatch(/^p2p_peers /m)
    expect(await findSample(metrics.registry, 'p2p_peers')).toBeUndefined()
  })

  it('survives a throwing source: the scrape succeeds, the sample is gone and the error counted', async () => {
    const metrics = fresh()
    let fail = false
    metrics.setPeerCountSource(() => {
      if (fail) throw new Error('peer table closed')
      return 4
    })
    expect(await sampleValue(metrics.registry, 'p2p_peers')).toBe(4)
    fail = true
    const { body } = await metrics.exposition()
    expect(body).not.toMatch(/^p2p_peers /m)
    expect(body).toContain('p2p_gossip_messages_received_total')
    expect(body).toContain('p2p_metrics_source_errors_total{gauge="peers"} 1\n')
    fail = false
    expect(await sampleValue(metrics.registry, 'p2p_peers')).toBe(4)
  })

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY, '7' as unknown as number])(
    'treats an answer of %s like a failure',
    async (answer) => {
      const metrics = fresh()
      metrics.setPeerCountSource(() => answer)
      expect(await findSample(metrics.registry, 'p2p_peers')).toBeUndefined()
      expect(await sourceErrors(metrics)).toBe(1)
    },
  )

  it('stops asking once the source is unset', async () => {
    const metrics = fresh()
    metrics.setPeerCountSource(() => 2)
    metrics.setPeerCountSource(undefined)
    expect(await findSample(metrics.registry, 'p2p_peers')).toBeUndefined()
    expect(await sourceErrors(metrics)).toBe(0)
  })
})

describe('p2p_info', () => {
  it('is absent until set, then one series at 1 that setInfo replaces', async () => {
    const metrics = fresh()
    expect((await metrics.exposition()).body).not.toMatch(/^p2p_info/m)
    metrics.setInfo({ version: '0.1.0', peerId: '12D3KooWA' })
    metrics.setInfo({ version: '0.2.0', peerId: '12D3KooWB' })
    const { body } = await metrics.exposition()
    expect(body).toContain('# TYPE p2p_info gauge\np2p_info{version="0.2.0",peer_id="12D3KooWB"} 1\n')
    expect(body).not.toContain('0.1.0')
  })

  it('takes the info from the constructor, escaping what needs it', async () => {
    const metrics = new PrometheusMetrics(
      {},
      {
        defaultMetrics: false,
        info: { version: '1.0 "rc"', peerId: '12D3KooWC' },
      },
    )
    expect((await metrics.exposition()).body).toContain(
      'p2p_info{version="1.0 \\"rc\\"",peer_id="12D3KooWC"} 1\n',
    )
  })
})

describe('p2p_websocket_clients', () => {
  it('follows connects and closes, and never goes below zero', async () => {
    const metrics = fresh()
    metrics.clientClosed('closed')
    expect(await sampleValue(metrics.registry, 'p2p_websocket_clients')).toBe(0)
    metrics.clientConnected()
    metrics.clientConnected()
    metrics.clientClosed('shutdown')
    expect(await sampleValue(metrics.registry, 'p2p_websocket_clients')).toBe(1)
    const closes = 'p2p_websocket_client_closes_total'
    expect(await sampleValue(metrics.registry, closes, { reason: 'closed' })).toBe(1)
  })
})
