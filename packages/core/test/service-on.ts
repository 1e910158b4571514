import type { Notification, PeerNetwork, PeerReputation } from '@p2p/domain'
import {
  FakeClock,
  ManualLoadGauge,
  MemoryBlockValidator,
  MemoryChainNotifier,
  MemoryLogger,
  MemoryMetrics,
  MemoryNetworkHub,
  MemoryNotificationSink,
  type MemoryPeerNetwork,
  MemoryPeerReputation,
  MemoryRejectedTxSource,
} from '@p2p/testkit'
import type { P2PServiceOptionsInput } from '../src/options.js'
import { P2PService } from '../src/p2p-service.js'

/**
 * A P2PService on hand-picked adapters (for cases the standard test node cannot stage), the
 * others in memory. The adapters are started; the service is not.
 */
export async function serviceOn<N extends PeerNetwork = MemoryPeerNetwork>(
  parts: {
    network?: N
    chain?: MemoryChainNotifier
    rejectedTxs?: MemoryRejectedTxSource
    sink?: { notify(notification: Notification): void }
    reputation?: PeerReputation
    validator?: MemoryBlockValidator
    load?: ManualLoadGauge
    options?: Partial<P2PServiceOptionsInput>
  } = {},
) {
  const hub = new MemoryNetworkHub()
  const clock = new FakeClock()
  // Without a network of the caller's, N stays at its default, the hub's MemoryPeerNetwork.
  const network = (parts.network ?? hub.createNode()) as N
  const chain = parts.chain ?? new MemoryChainNotifier({ clock })
  const rejectedTxs = parts.rejectedTxs ?? new MemoryRejectedTxSource({ clock })
  const validator = parts.validator ?? new MemoryBlockValidator({ clock })
  const logger = new MemoryLogger()
  const metrics = new MemoryMetrics()
  const load = parts.load ?? new ManualLoadGauge()
  const reputation = parts.reputation ?? new MemoryPeerReputation({ clock })
  const service = new P2PService(
    {
      network,
      chain,
      validator,
      rejectedTxs,
      sink: parts.sink ?? new MemoryNotificationSink(),
      clock,
      logger,
      metrics,
      load,
      reputation,
    },
    { dataHubUrl: 'http://self.example:8090/api/v1', ...parts.options },
  )
  for (const component of [network, chain, validator, rejectedTxs]) await component.start()
  return { hub, clock, network, chain, validator, rejectedTxs, logger, metrics, reputation, load, service }
}
