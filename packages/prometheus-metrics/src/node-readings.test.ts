import { describe, expect, it } from 'vitest'
import { findSample, sampleValue } from '../test/read-metric.js'
import { PrometheusMetrics } from './prometheus-metrics.js'

const fresh = () => new PrometheusMetrics({}, { defaultMetrics: false })

describe('node readings, read from the composition root at scrape time', () => {
  it('exposes every reading it is given, totals as counters, and asks once per scrape', async () => {
    const metrics = fresh()
    let asked = 0
    let episodes = 2
    metrics.setReadingsSource(() => {
      asked++
      return {
        overloaded: 1,
        overloadedSecondsTotal: 12.5,
        overloadEpisodesTotal: episodes,
        stalledPeerDisconnectsTotal: 3,
        bannedPeers: 7,
        bannedAddresses: 1,
        banEvictionsTotal: 40,
        addressBanHangUpsTotal: 4,
        admissionRefusalsTotal: { host_pending: 9, pool_full: 2 },
        privateAddressRefusalsTotal: { dial: 5, inbound: 6 },
        trimmedConnectionsTotal: 8,
        addressExchangeTotal: { served: 3, asked: 2 },
        meshPeers: { block: 4, subtree: 0 },
      }
    })
    const { body } = await metrics.exposition()
    expect(asked).toBe(1)
    expect(body).toContain('# TYPE p2p_overloaded gauge\np2p_overloaded 1\n')
    expect(body).toContain('# TYPE p2p_overloaded_seconds_total counter\np2p_overloaded_seconds_total 12.5\n')
    expect(body).toContain('p2p_overload_episodes_total 2\n')
    expect(body).toContain('p2p_stalled_peer_disconnects_total 3\n')
    expect(body).toContain('p2p_banned_peers 7\n')
    expect(body).toContain('p2p_banned_addresses 1\n')
    expect(body).toContain('p2p_ban_evictions_total 40\n')
    expect(body).toContain('p2p_address_ban_hangups_total 4\n')
    expect(body).toContain('p2p_admission_refusals_total{reason="host_pending"} 9\n')
    expect(body).toContain('p2p_admission_refusals_total{reason="pool_full"} 2\n')
    expect(body).toContain('p2p_private_address_refusals_total{direction="dial"} 5\n')
    expect(body).toContain('p2p_private_address_refusals_total{direction="inbound"} 6\n')
    expect(body).toContain('p2p_connections_trimmed_total 8\n')
    expect(body).toContain('p2p_address_exchange_total{event="served"} 3\n')
    expect(body).toContain('p2p_address_exchange_total{event="asked"} 2\n')
    expect(body).toContain(
      '# TYPE p2p_mesh_peers gauge\np2p_mesh_peers{topic="block"} 4\np2p_mesh_peers{topic="subtree"} 0\n',
    )
    episodes = 3
    expect(await sampleValue(metrics.registry, 'p2p_overload_episodes_total')).toBe(3)
  })

  it('leaves out what it is not told, and what is not a count', async () => {
    const metrics = fresh()
    metrics.setReadingsSource(() => ({ bannedPeers: Number.NaN, bannedAddresses: -1, overloaded: 0 }))
    expect(await findSample(metrics.registry, 'p2p_banned_peers')).toBeUndefined()
    expect(await findSample(metrics.registry, 'p2p_banned_addresses')).toBeUndefined()
    expect(await findSample(metrics.registry, 'p2p_stalled_peer_disconnects_total')).toBeUndefined()
    expect(await sampleValue(metrics.registry, 'p2p_overloaded')).toBe(0)
  })

  it('survives a throwing source: the scrape succeeds without those samples, and the error is counted once', async () => {
    const metrics = fresh()
    metrics.setReadingsSource(() => {
      throw new Error('torn down')
    })
    const { body } = await metrics.exposition()
    expect(body).not.toMatch(/^p2p_overloaded /m)
    expect(body).toContain('p2p_gossip_messages_received_total')
    expect(body).toContain('p2p_metrics_source_errors_total{gauge="readings"} 1\n')
  })
})
