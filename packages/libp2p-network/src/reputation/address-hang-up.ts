import { P2PError } from '@p2p/domain'
import { ipOf } from './address-bans.js'
import type { ConnectionsOf } from './remote-ips.js'

/**
 * Aborts every open connection whose remote end is `ip`, inbound or outbound, whatever peer id it
 * carries, and says how many. The gater keeps the address out from now on; this reaches the
 * identities that were already in. Abort, not close: a graceful close would wait for a host we
 * have just judged hostile to read what we had queued.
 */
export function hangUpAddress(node: ConnectionsOf, ip: string): number {
  const reason = new P2PError('banned', 'the address the connection comes from was banned', {
    context: { ip },
  })
  let closed = 0
  for (const connection of node.getConnections()) {
    if (connection.status !== 'open' || ipOf(connection.remoteAddr) !== ip) continue
    connection.abort(reason)
    closed++
  }
  return closed
}
