import type { Connection, PeerId as Libp2pPeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { ipOf } from './address-bans.js'

/** What address bans need of the node: its connections, to one peer or to all. */
export interface ConnectionsOf {
  getConnections(peer?: Libp2pPeerId): Connection[]
}

/** The IP addresses `peer` is connected to us from; none for a peer id libp2p cannot parse. */
export function remoteIps(node: ConnectionsOf, peer: string): string[] {
  let id: Libp2pPeerId
  try {
    id = peerIdFromString(peer)
  } catch {
    return []
  }
  const ips = new Set<string>()
  for (const connection of node.getConnections(id)) {
    const ip = ipOf(connection.remoteAddr)
    if (ip !== undefined) ips.add(ip)
  }
  return [...ips]
}
