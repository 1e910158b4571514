import { multiaddr } from '@multiformats/multiaddr'
import { P2PError, type PeerSummary } from '@p2p/domain'
import { classifyDialFailure } from '../discovery/dial-policy.js'
import { errorText } from '../util/error-text.js'
import type { Running } from './running.js'

/** Connected peers with the addresses of their connections and the topics they subscribe to. */
export function peerSummaries({ node, gossip }: Running): PeerSummary[] {
  const addresses = new Map<string, string[]>()
  for (const connection of node.getConnections()) {
    const id = connection.remotePeer.toString()
    addresses.set(id, [...(addresses.get(id) ?? []), connection.remoteAddr.toString()])
  }
  const topics = gossip.topicsByPeer()
  return [...addresses].map(([id, addrs]) => ({ id, addresses: addrs, topics: topics.get(id) ?? [] }))
}

/** Dials a peer by multiaddr (ending in /p2p/<id>), with errors an operator can act on. */
export async function dialAddress(
  { node }: Running,
  address: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  let target: ReturnType<typeof multiaddr>
  try {
    target = multiaddr(address)
  } catch (error) {
    throw new P2PError('invalid_config', 'not a multiaddr', { context: { address }, cause: error })
  }
  try {
    await node.dial(target, signal === undefined ? {} : { signal })
  } catch (error) {
    const why = classifyDialFailure(error) === 'denied' ? 'the peer is banned' : errorText(error)
    throw new P2PError('send_failed', `could not connect to ${address}: ${why}`, {
      context: { address },
      cause: error,
    })
  }
}
