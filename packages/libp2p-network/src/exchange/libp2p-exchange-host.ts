import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { isConnected } from '../util/is-connected.js'
import type { AddressAsker } from './address-asker.js'
import type { AddressExchangeHost } from './address-exchange-loop.js'

export type ExchangeHostNode = Pick<Libp2p, 'peerId' | 'getConnections' | 'peerStore' | 'dial'>

/** The loop's view of a libp2p node, asking through `asker`. */
export function libp2pExchangeHost(node: ExchangeHostNode, asker: AddressAsker): AddressExchangeHost {
  return {
    selfId: node.peerId.toString(),
    connectedPeers: () => {
      const peers = new Set<string>()
      for (const connection of node.getConnections()) {
        if (connection.status === 'open') peers.add(connection.remotePeer.toString())
      }
      return [...peers]
    },
    isConnected: (peer) => isConnected(node, peer),
    ask: (via, target, signal) => asker.ask(via, target, signal),
    remember: async (peer, addresses) => {
      await node.peerStore.merge(peerIdFromString(peer), {
        multiaddrs: addresses.map((address) => multiaddr(address)),
      })
    },
    dial: async (peer, signal) => {
      await node.dial(peerIdFromString(peer), { signal })
    },
  }
}
