import type { ConnectionGater, MultiaddrConnection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { classifyIpv4, classifyIpv6, type HostClass, parseIpv4, parseIpv6 } from '@p2p/domain'
import { ipOf } from '../reputation/address-bans.js'

/**
 * The address classes today's Teranode networks refuse to connect with, either way, unless
 * private IPs are allowed: RFC 1918 and unique-local, loopback, link-local and carrier-grade NAT
 * (`shared`). `unspecified` is never a real remote address. Public, multicast and reserved
 * addresses are left to the transport, as the reference leaves them.
 */
const REFUSED: ReadonlySet<HostClass> = new Set([
  'private',
  'loopback',
  'link_local',
  'shared',
  'unspecified',
])

export type PrivateAddressRefusal = 'dial' | 'inbound'

/** The class of the IP address in a multiaddr; undefined when it names no IP (a DNS name, say). */
export function addressClassOf(address: Multiaddr): HostClass | undefined {
  const ip = ipOf(address)
  if (ip === undefined) return undefined
  const v4 = parseIpv4(ip)
  if (v4 !== undefined) return classifyIpv4(v4)
  const v6 = parseIpv6(ip)
  return v6 === undefined ? undefined : classifyIpv6(v6)
}

export function isRefusedAddress(address: Multiaddr): boolean {
  const kind = addressClassOf(address)
  return kind !== undefined && REFUSED.has(kind)
}

/**
 * `p2p_allow_private_ips=false` for connections: we dial no private address (a peer or a DHT
 * record pointing into our LAN, or at our own host) and accept no connection from one, before any
 * handshake. The dialler resolves DNS names first, so a name pointing at a private address is
 * refused as well.
 */
export function privateAddressGater(
  refused: (at: PrivateAddressRefusal, address: string) => void = () => {},
): ConnectionGater {
  return {
    denyDialMultiaddr: (address: Multiaddr) => {
      if (!isRefusedAddress(address)) return false
      refused('dial', address.toString())
      return true
    },
    denyInboundConnection: (connection: MultiaddrConnection) => {
      if (!isRefusedAddress(connection.remoteAddr)) return false
      refused('inbound', connection.remoteAddr.toString())
      return true
    },
  }
}
