import { describePeerNetworkCompliance } from '@p2p/testkit'
import type { Libp2pPeerNetwork } from '../src/index.js'
import { NetworkFleet, tcpAddress, untilFullyConnected } from './network-harness.js'

describePeerNetworkCompliance(
  'Libp2pPeerNetwork (TCP, private network)',
  () => {
    const fleet = new NetworkFleet()
    return {
      create: async (count) => {
        const created: Libp2pPeerNetwork[] = []
        for (let i = 0; i < count; i++) created.push((await fleet.create()).network)
        return created
      },
      whenConnected: async (nodes) => {
        const networks = nodes as Libp2pPeerNetwork[]
        for (const [i, node] of networks.entries()) {
          for (const other of networks.slice(i + 1)) await node.connect(tcpAddress(other))
        }
        await untilFullyConnected(networks)
      },
      cleanup: () => fleet.cleanup(),
    }
  },
  { timeoutMs: 20_000 },
)
