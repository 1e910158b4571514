import type { PeerId } from '@p2p/domain'
import {
  aBlockHeaderInfo,
  CountingLogger,
  FakeClock,
  ManualLoadGauge,
  MemoryBlockValidator,
  MemoryChainNotifier,
  MemoryMetrics,
  MemoryNetworkHub,
  MemoryNotificationSink,
  MemoryPeerReputation,
  MemoryRejectedTxSource,
  nextTick,
} from '@p2p/testkit'
import { P2PService } from '../../src/p2p-service.js'

/**
 * A started P2PService on the in-memory ports, set to keep counts rather than records (half a
 * million messages would otherwise leave millions of them, and the run would measure its own
 * bookkeeping), and the listener it gave the network, for the fuzzer to call directly.
 */
export async function fuzzedService(self: PeerId, senders: readonly PeerId[], banned: readonly PeerId[]) {
  const clock = new FakeClock()
  const hub = new MemoryNetworkHub()
  const network = hub.createNode(self)
  const chain = new MemoryChainNotifier({ clock })
  chain.setBestHeader(aBlockHeaderInfo())
  const rejectedTxs = new MemoryRejectedTxSource({ clock })
  // Nobody is banned for what they send, so every sender keeps being judged; a few are banned
  // from the start, so that path is taken as well.
  const reputation = new MemoryPeerReputation({ clock }, { banThreshold: Infinity, penaltyLogLimit: 0 })
  for (const peer of banned) reputation.ban(peer, Infinity)
  const parts = {
    clock,
    network,
    chain,
    rejectedTxs,
    metrics: new MemoryMetrics({ callLogLimit: 0 }),
    logger: new CountingLogger(),
    // The last notification is what the oracle compares; every one is still encoded.
    sink: new MemoryNotificationSink({ notificationLimit: 1 }),
    // Every 20th hand-off fails, uncoded, so fallbacks to other announcers run too. The log
    // keeps every call, for the check of all hand-offs at the end of the run.
    validator: new MemoryBlockValidator({ clock }, { failEvery: 20 }),
    reputation,
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
  for (const component of [chain, parts.validator, rejectedTxs, network]) await component.start()
  await service.start()
  // The senders are on the hub too, listening to nothing, so best-block replies reach them. As
  // each joins, we ask for best blocks, and our requests come back to us through the hub.
  for (const sender of senders) await hub.createNode(sender).start()
  const listener = network.listener
  if (listener === undefined) throw new Error('the service did not register its listener')
  await nextTick()
  return { ...parts, service, listener, hub }
}
