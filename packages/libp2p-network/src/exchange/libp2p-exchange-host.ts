import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
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
    isConnected: (peer) => {
      try {
        return node.getConnections(peerIdFromString(peer)).length > 0
      } catch {
        // Not a peer id: nobody we could be connected to, and asking about it fails by itself.
        return false
      }
    },
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
