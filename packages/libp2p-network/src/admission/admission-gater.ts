import type {
  Connection,
  ConnectionGater,
  PeerId as Libp2pPeerId,
  MultiaddrConnection,
} from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface AdmissionLimits {
  /** Inbound connections one remote IP may have in the upgrade (handshake) at once. */
  readonly maxPendingPerHost: number
  /** Inbound connections, pending or up, one remote IP may hold. */
  readonly maxConnectionsPerHost: number
  /** Connections, either way, one peer id may hold. */
  readonly maxConnectionsPerPeer: number
  /** Inbound connections, pending or up, stop at `maxConnections - outboundReserve`. */
  readonly maxInbound: number
  /** Whether the per-IP limits also apply to loopback addresses. */
  readonly limitLoopback: boolean
}

/** Why admission turned a connection away (a bounded set: logged by reason). */
export type AdmissionRefusal =
  | 'pending_per_host'
  | 'connections_per_host'
  | 'connections_per_peer'
  | 'inbound_full'

export interface AdmissionGaterOptions extends AdmissionLimits {
  /** libp2p's open connections; read at each decision, so the gater needs no events. */
  readonly connections: () => readonly Connection[]
  readonly refused?: (reason: AdmissionRefusal, remote: string) => void
}

/** The IPv4 address inside an IPv4-mapped IPv6 address, dotted or (as multiaddr prints it) hex. */
function mappedIpv4(ip: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (dotted?.[1] !== undefined) return dotted[1]
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip)
  if (hex?.[1] === undefined || hex[2] === undefined) return undefined
  const [high, low] = [Number.parseInt(hex[1], 16), Number.parseInt(hex[2], 16)]
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
}

/**
 * The "host" the per-IP limits count: an IPv4 address, or an IPv6 /64, since one IPv6 host is
 * usually given a whole /64 and could otherwise open its share from every address in it.
 * IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function hostKey(ip: string): string {
  if (!ip.includes(':')) return ip
  const mapped = mappedIpv4(ip)
  if (mapped !== undefined) return mapped
  const [head = '', tail] = ip.toLowerCase().split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = [...left, ...Array(Math.max(8 - left.length - right.length, 0)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

function remoteIp(address: Multiaddr): string | undefined {
  return address.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
}

function isLoopback(ip: string): boolean {
  const ipv4 = ip.includes(':') ? mappedIpv4(ip) : ip
  return ipv4 === undefined ? ip === '::1' : ipv4.startsWith('127.')
}

/**
 * Admits inbound connections per host and per peer, on top of libp2p's global pool and rate limit.
 *
 * libp2p alone holds at most `maxIncomingPendingConnections` unfinished upgrades for everyone, so
 * a few silent sockets from one host shut every other dialler out until the upgrade timeout, and
 * one identity can force-dial until it holds every connection slot. Here a host gets a few
 * pending upgrades and a few connections, a peer id a few connections, and inbound connections
 * stop short of `maxConnections` so the peers we chose to dial (bootstrap, static, mesh) still fit.
 *
 * A host is an IPv4 address or an IPv6 /64 (`hostKey`). Loopback is exempt from the per-IP limits
 * by default: a loopback peer runs on our own host (or
 * behind a local proxy, where every peer shares 127.0.0.1), and several nodes on one host
 * (tests, a bench) would otherwise refuse each other. The per-peer limit and the reserve apply
 * to everyone.
 */
export function admissionGater(options: AdmissionGaterOptions): ConnectionGater {
  // Upgrades we admitted and that have not finished, by remote host.
  const pending = new Map<MultiaddrConnection, string>()
  const pendingOf = (host: string): number => {
    let n = 0
    for (const h of pending.values()) if (h === host) n++
    return n
  }
  const settle = (maConn: MultiaddrConnection): void => {
    pending.delete(maConn)
  }
  const refuse = (reason: AdmissionRefusal, remote: Multiaddr | Libp2pPeerId): true => {
    options.refused?.(reason, remote.toString())
    return true
  }

  return {
    denyInboundConnection(maConn) {
      const ip = remoteIp(maConn.remoteAddr)
      const host = ip === undefined ? '' : hostKey(ip)
      const open = options.connections().filter((c) => c.direction === 'inbound' && c.status === 'open')
      if (open.length + pending.size >= options.maxInbound) return refuse('inbound_full', maConn.remoteAddr)
      if (ip !== undefined && (options.limitLoopback || !isLoopback(ip))) {
        if (pendingOf(host) >= options.maxPendingPerHost) return refuse('pending_per_host', maConn.remoteAddr)
        const sameHost = (c: Connection) => {
          const other = remoteIp(c.remoteAddr)
          return other !== undefined && hostKey(other) === host
        }
        if (open.filter(sameHost).length + pendingOf(host) >= options.maxConnectionsPerHost)
          return refuse('connections_per_host', maConn.remoteAddr)
      }
      pending.set(maConn, host)
      // An upgrade that fails or times out ends with the raw connection closed or aborted.
      maConn.addEventListener('close', () => settle(maConn), { once: true })
      return false
    },
    denyInboundEncryptedConnection(peerId) {
      const held = options
        .connections()
        .filter((c) => c.remotePeer.equals(peerId) && c.status === 'open').length
      return held >= options.maxConnectionsPerPeer ? refuse('connections_per_peer', peerId) : false
    },
    denyInboundUpgradedConnection(_peerId, maConn) {
      settle(maConn)
      return false
    },
  }
}
