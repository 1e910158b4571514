import { type BlockHeaderInfo, type Hash, hashFromHex } from '@p2p/domain'
import {
  aBlockHeaderInfo,
  FakeClock,
  ManualLoadGauge,
  MemoryBlockValidator,
  MemoryChainNotifier,
  MemoryLogger,
  MemoryMessageTrace,
  MemoryMetrics,
  MemoryNetworkHub,
  MemoryNotificationSink,
  MemoryPeerReputation,
  MemoryRejectedTxSource,
} from '@p2p/testkit'
import { Lifecycle } from '../src/lifecycle.js'
import type { P2PServiceOptionsInput } from '../src/options.js'
import { P2PService } from '../src/p2p-service.js'

export type TestNode = ReturnType<typeof createTestNode>

/** A peer outside the test nodes, playing the sender of whatever a test injects, and its data hub. */
export const ROGUE = MemoryNetworkHub.peerIdFor(0xbad)
export const ROGUE_HUB = 'http://rogue.example:8090/api/v1'

let counter = 0

/** One node's worth of in-memory adapters around a real P2PService, on a shared hub. */
export function createTestNode(hub: MemoryNetworkHub, options: Partial<P2PServiceOptionsInput> = {}) {
  counter++
  const clock = new FakeClock()
  const logger = new MemoryLogger()
  const metrics = new MemoryMetrics()
  const network = hub.createNode()
  const chain = new MemoryChainNotifier({ clock })
  const validator = new MemoryBlockValidator({ clock })
  const rejectedTxs = new MemoryRejectedTxSource({ clock })
  const sink = new MemoryNotificationSink()
  const reputation = new MemoryPeerReputation({ clock })
  const load = new ManualLoadGauge()
  const dataHubUrl = `http://node-${counter}.example:8090/api/v1`
  // Every message traced, on a clock that ticks at each stamp, so the order of stages shows.
  let tick = 0
  const trace = new MemoryMessageTrace({ now: () => ++tick }, { sampleRate: 1, maxMessages: 1_000 })
  const best: BlockHeaderInfo = aBlockHeaderInfo({ height: 100 + counter })
  chain.setBestHeader(best)
  const service = new P2PService(
    { network, chain, validator, rejectedTxs, sink, clock, logger, metrics, reputation, load, trace },
    { dataHubUrl, ...options },
  )
  const lifecycle = new Lifecycle({
    components: [
      { name: 'network', component: network },
      { name: 'chain', component: chain },
      { name: 'validator', component: validator },
      { name: 'rejectedTxs', component: rejectedTxs },
      { name: 'service', component: service },
    ],
    logger,
  })
  return {
    peerId: network.peerId,
    dataHubUrl,
    best,
    clock,
    load,
    logger,
    metrics,
    network,
    chain,
    validator,
    rejectedTxs,
    sink,
    reputation,
    trace,
    service,
    start: () => lifecycle.start(),
    stop: () => lifecycle.stop(),
  }
}

export function hashOf(n: number): Hash {
  return hashFromHex(n.toString(16).padStart(64, '0'))
}
