import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'

/**
 * What is wrong with a peer address setting (`p2p_bootstrapAddresses`, `p2p_static_peers`), or
 * undefined. The peer id is decoded here: one that merely looks like base58 used to pass and fail
 * the start later with libp2p's "Incorrect length", naming no setting.
 */
export function peerAddressProblem(text: string): string | undefined {
  try {
    multiaddr(text)
  } catch {
    return 'not a multiaddr'
  }
  const peer = /\/p2p\/([^/]+)$/.exec(text)?.[1]
  if (peer === undefined) return 'a peer address needs its /p2p/<peer id>'
  try {
    peerIdFromString(peer)
  } catch {
    return `${peer} is not a peer id`
  }
  return undefined
}

/**
 * A bootstrap entry may also be `/dnsaddr/<domain>`, perhaps with `/p2p/<id>`: resolved at start
 * through the `_dnsaddr.<domain>` TXT records into the peers it names.
 */
export function bootstrapAddressProblem(text: string): string | undefined {
  if (!text.startsWith('/dnsaddr/')) return peerAddressProblem(text)
  try {
    multiaddr(text)
  } catch {
    return 'not a multiaddr'
  }
  const peer = /\/p2p\/([^/]+)$/.exec(text)?.[1]
  if (peer === undefined) return undefined
  try {
    peerIdFromString(peer)
  } catch {
    return `${peer} is not a peer id`
  }
  return undefined
}
