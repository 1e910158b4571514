import { parseIpv4, parseIpv6 } from './ip-address.js'

/**
 * What a host is, as far as fetching from it goes. `public` is a routable IP literal, `name` a
 * DNS name other than localhost: where it points is only known after resolving it, which the
 * core does not do (it has no I/O), so a name is as far as the check can see.
 */
export const HOST_CLASSES = [
  'public',
  'name',
  'loopback',
  'private',
  'link_local',
  'unspecified',
  'shared',
  'multicast',
  'reserved',
] as const
export type HostClass = (typeof HOST_CLASSES)[number]

/** [first address, prefix length, class], checked in order: the first match wins. */
const IPV4_RANGES: ReadonlyArray<readonly [string, number, HostClass]> = [
  ['0.0.0.0', 32, 'unspecified'],
  // "This network": Linux connects 0.x.x.x to the local host.
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  // Carrier-grade NAT: someone else's private network, reachable from ours.
  ['100.64.0.0', 10, 'shared'],
  // Includes 169.254.169.254, the cloud metadata service.
  ['169.254.0.0', 16, 'link_local'],
  ['224.0.0.0', 4, 'multicast'],
  // Class E and the limited broadcast address.
  ['240.0.0.0', 4, 'reserved'],
]

const V4_TABLE = IPV4_RANGES.map(([first, bits, kind]) => ({
  base: parseIpv4(first) ?? 0,
  size: 2 ** (32 - bits),
  kind,
}))

export function classifyIpv4(address: number): HostClass {
  for (const { base, size, kind } of V4_TABLE) {
    if (address >= base && address < base + size) return kind
  }
  return 'public'
}

const v4Of = (high: number, low: number): number => high * 0x1_0000 + low

export function classifyIpv6(groups: readonly number[]): HostClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0
  if (upperZero && g5 === 0 && g6 === 0) {
    if (g7 === 0) return 'unspecified'
    if (g7 === 1) return 'loopback'
  }
  // An IPv4 address in IPv6 clothing is what it wraps: mapped (::ffff:a.b.c.d), compatible
  // (::a.b.c.d, deprecated but still parsed), translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96).
  if (upperZero && (g5 === 0xffff || g5 === 0)) return classifyIpv4(v4Of(g6, g7))
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) {
    return classifyIpv4(v4Of(g6, g7))
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return classifyIpv4(v4Of(g6, g7))
  }
  // 6to4 (2002::/16) carries the IPv4 address of its relay in the next 32 bits.
  if (g0 === 0x2002) {
    const embedded = classifyIpv4(v4Of(g1, g2))
    if (embedded !== 'public') return embedded
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private'
  if ((g0 & 0xffc0) === 0xfe80) return 'link_local'
  // Site-local (fec0::/10): deprecated, but meant exactly "this site only".
  if ((g0 & 0xffc0) === 0xfec0) return 'private'
  if ((g0 & 0xff00) === 0xff00) return 'multicast'
  return 'public'
}

/**
 * Classifies a host as a WHATWG URL serialises it (`URL.hostname`): an IPv4 dotted quad, an
 * IPv6 literal in brackets, or a lower-case domain name, perhaps with a trailing dot.
 */
export function classifyHost(hostname: string): HostClass {
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    const groups = parseIpv6(hostname.slice(1, -1))
    return groups === undefined ? 'reserved' : classifyIpv6(groups)
  }
  const v4 = parseIpv4(hostname)
  if (v4 !== undefined) return classifyIpv4(v4)
  const name = hostname.toLowerCase().replace(/\.$/, '')
  // RFC 6761: localhost and everything under it resolve to the loopback address.
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback'
  return 'name'
}
