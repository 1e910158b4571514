import { Lifecycle, P2PService } from '@p2p/core'
import { hashFromHex, type Logger } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import {
  aBlockHeaderInfo,
  ManualLoadGauge,
  MemoryBlockValidator,
  MemoryChainNotifier,
  MemoryLogger,
  MemoryMetrics,
  MemoryNotificationSink,
  MemoryRejectedTxSource,
  waitFor,
} from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import type { Libp2pPeerNetwork, Libp2pPeerNetworkOptions } from '../src/index.js'
import { NetworkFleet, tcpAddress } from './network-harness.js'

const WAIT = { timeoutMs: 25_000 }

/** A real P2PService on a real libp2p network, with in-memory node services around it. */
async function serviceNode(fleet: NetworkFleet, n: number, overrides: Partial<Libp2pPeerNetworkOptions>) {
  const { network } = await fleet.create(overrides)
  const logger = new MemoryLogger()
  const chain = new MemoryChainNotifier()
  const validator = new MemoryBlockValidator()
  const best = aBlockHeaderInfo({ height: 1000 + n })
  chain.setBestHeader(best)
  const dataHubUrl = `http://node-${n}.example:8090/api/v1`
  const service = new P2PService(
    {
      network,
      chain,
      validator,
      rejectedTxs: new MemoryRejectedTxSource(),
      sink: new MemoryNotificationSink(),
      clock: new SystemClock(),
      logger: logger as Logger,
      metrics: new MemoryMetrics(),
      // As in the composition root: the network adapter keeps the bans.
      reputation: network,
      load: new ManualLoadGauge(),
    },
    { dataHubUrl, bestBlockRequestIntervalMs: 250 },
  )
  const lifecycle = new Lifecycle({
    components: [
      { name: 'network', component: network },
      { name: 'chain', component: chain },
      { name: 'validator', component: validator },
      { name: 'service', component: service },
    ],
    logger: logger as Logger,
  })
  await lifecycle.start()
  return { network, chain, validator, best, dataHubUrl, stop: () => lifecycle.stop() }
}

describe('the P2P service over three libp2p nodes', () => {
  const fleet = new NetworkFleet()
  const stops: Array<() => Promise<void>> = []
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()))
    await fleet.cleanup()
  })

  async function three() {
    const a = await serviceNode(fleet, 0, {})
    const via: Partial<Libp2pPeerNetworkOptions> = {
      bootstrapAddresses: [tcpAddress(a.network as Libp2pPeerNetwork)],
    }
    const b = await serviceNode(fleet, 1, via)
    const c = await serviceNode(fleet, 2, via)
    stops.push(a.stop, b.stop, c.stop)
    return [a, b, c] as const
  }

  it('asks for the best block and hands every reply to block validation', async () => {
    const [a, b, c] = await three()
    for (const other of [a, b]) {
      const reply = await waitFor(
        () => c.validator.callsOf('block').find((call) => call.hash === other.best.hash),
        { ...WAIT, what: `C to validate the best block of ${other.network.peerId}` },
      )
      expect(reply).toMatchObject({ hash: other.best.hash, baseUrl: other.dataHubUrl })
    }
  })

  it('announces a block from the chain to the others, who hand it to block validation', async () => {
    const [a, b, c] = await three()
    await waitFor(() => c.network.peers().some((p) => p.id === b.network.peerId), WAIT)
    const hash = hashFromHex('00000000000000000bd3a8f8f4e6a9f6f1e0c1a2b3c4d5e6f708192a3b4c5d6e')
    a.chain.setHeader(aBlockHeaderInfo({ hash, height: 2000 }))
    a.chain.emit({ kind: 'block', hash, baseUrl: a.dataHubUrl })
    for (const receiver of [b, c]) {
      const call = await waitFor(() => receiver.validator.callsOf('block').find((x) => x.hash === hash), WAIT)
      expect(call).toMatchObject({ hash, baseUrl: a.dataHubUrl, peerId: a.network.peerId })
    }
    expect(a.validator.callsOf('block').some((x) => x.hash === hash)).toBe(false)
  })
})
