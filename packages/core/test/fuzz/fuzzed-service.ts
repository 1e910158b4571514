import type { PeerId } from '@p2p/domain'
import {
  aBlockHeaderInfo,
  FakeClock,
  ManualLoadGauge,
  MemoryChainNotifier,
  MemoryRejectedTxSource,
} from '@p2p/testkit'
import { P2PService } from '../../src/p2p-service.js'
import { CapturingNetwork } from '../capturing-network.js'
import {
  CountingMetrics,
  FastValidator,
  FixedReputation,
  LastNotificationSink,
  SilentLogger,
} from './light-adapters.js'

/** A started P2PService on the counting adapters, and the listener it gave the network. */
export async function fuzzedService(self: PeerId, banned: readonly PeerId[]) {
  const clock = new FakeClock()
  const network = new CapturingNetwork(self)
  const chain = new MemoryChainNotifier({ clock })
  chain.setBestHeader(aBlockHeaderInfo())
  const rejectedTxs = new MemoryRejectedTxSource({ clock })
  const parts = {
    clock,
    network,
    chain,
    rejectedTxs,
    metrics: new CountingMetrics(),
    logger: new SilentLogger(),
    sink: new LastNotificationSink(),
    // Every 20th hand-off fails, so fallbacks to other announcers run too.
    validator: new FastValidator(20),
    // A few senders are banned, so that path is taken as well; nobody else ever is.
    reputation: new FixedReputation(new Set(banned)),
    load: new ManualLoadGauge(),
  }
  const service = new P2PService(parts, {
    dataHubUrl: 'http://self.example:8090/api/v1',
    // Enough room that every hand-off starts while the payload that caused it is judged.
    handoffConcurrency: 1024,
    handoffQueueLimit: 1_000_000,
    // Every topic join asks for best blocks again, so best-block replies are welcome now and then.
    bestBlockRequestIntervalMs: 0,
  })
  for (const component of [chain, parts.validator, rejectedTxs]) await component.start()
  await service.start()
  if (network.listener === undefined) throw new Error('the service did not register its listener')
  return { ...parts, service, listener: network.listener }
}
