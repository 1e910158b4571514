import type { Libp2p } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'

/** Whether `node` holds a connection to `peer`; text that is no peer id names nobody connected. */
export function isConnected(node: Pick<Libp2p, 'getConnections'>, peer: string): boolean {
  try {
    return node.getConnections(peerIdFromString(peer)).length > 0
  } catch {
    return false
  }
}
