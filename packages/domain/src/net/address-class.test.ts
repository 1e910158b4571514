import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyHost, type HostClass } from './address-class.js'
import { ipv4ToText } from './ip-address.js'

/** An oracle written from the RFCs octet by octet, independent of the range table. */
function expectedIpv4Class([a, b]: readonly number[]): HostClass {
  if (a === 0) return 'unspecified'
  if (a === 127) return 'loopback'
  if (a === 10 || (a === 172 && b !== undefined && b >= 16 && b <= 31) || (a === 192 && b === 168))
    return 'private'
  if (a === 100 && b !== undefined && b >= 64 && b <= 127) return 'shared'
  if (a === 169 && b === 254) return 'link_local'
  if (a !== undefined && a >= 224 && a <= 239) return 'multicast'
  if (a !== undefined && a >= 240) return 'reserved'
  return 'public'
}

// Hosts as `URL.hostname` gives them: the WHATWG parser has already normalised IP literals.
const CASES: ReadonlyArray<readonly [string, HostClass]> = [
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['9.255.255.255', 'public'],
  ['11.0.0.0', 'public'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.15.255.255', 'public'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.167.255.255', 'public'],
  ['192.168.0.1', 'private'],
  ['192.169.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.0', 'public'],
  ['169.254.169.254', 'link_local'],
  ['169.253.0.1', 'public'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['[::]', 'unspecified'],
  ['[::1]', 'loopback'],
  ['[::2]', 'unspecified'],
  ['[2001:4860:4860::8888]', 'public'],
  ['[fc00::1]', 'private'],
  ['[fdff:ffff::1]', 'private'],
  ['[fe00::1]', 'public'],
  ['[fe80::1]', 'link_local'],
  ['[febf::1]', 'link_local'],
  ['[fec0::1]', 'private'],
  ['[ff02::1]', 'multicast'],
  // IPv4 wrapped in IPv6 is what it wraps.
  ['[::ffff:7f00:1]', 'loopback'],
  ['[::ffff:a00:1]', 'private'],
  ['[::ffff:a9fe:a9fe]', 'link_local'],
  ['[::ffff:6440:1]', 'shared'],
  ['[::ffff:0:0]', 'unspecified'],
  ['[::ffff:808:808]', 'public'],
  ['[::7f00:1]', 'loopback'],
  ['[::ffff:0:7f00:1]', 'loopback'],
  ['[64:ff9b::7f00:1]', 'loopback'],
  ['[64:ff9b::808:808]', 'public'],
  ['[2002:7f00:1::]', 'loopback'],
  ['[2002:c0a8:101::1]', 'private'],
  ['[2002:808:808::1]', 'public'],
  ['localhost', 'loopback'],
  ['localhost.', 'loopback'],
  ['foo.localhost', 'loopback'],
  ['a.b.localhost.', 'loopback'],
  ['LOCALHOST', 'loopback'],
  ['localhost.example', 'name'],
  ['notlocalhost', 'name'],
  ['node.example.com', 'name'],
  ['node.example.com.', 'name'],
  // Names are not resolved: a name that points at 127.0.0.1 passes (documented limit).
  ['127.0.0.1.nip.io', 'name'],
  ['peer1', 'name'],
]

describe('classifyHost', () => {
  it.each(CASES)('%s is %s', (host, expected) => {
    expect(classifyHost(host)).toBe(expected)
  })

  it('treats a bracketed literal it cannot read as reserved, never as public', () => {
    expect(classifyHost('[not-an-address]')).toBe('reserved')
  })
})

describe('classifyHost on every spelling of an IPv4 address (property)', () => {
  const hex = (n: number) => n.toString(16)
  it('agrees with the oracle however the address is written in a URL', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), (n) => {
        const text = ipv4ToText(n)
        const expected = expectedIpv4Class(text.split('.').map(Number))
        const spellings = [
          text,
          String(n),
          `0x${hex(n)}`,
          `${text}.`,
          `[::ffff:${text}]`,
          `[::ffff:${hex(Math.floor(n / 0x1_0000))}:${hex(n % 0x1_0000)}]`,
          `[64:ff9b::${text}]`,
        ]
        for (const spelling of spellings) {
          expect(classifyHost(new URL(`http://${spelling}/`).hostname)).toBe(expected)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with the oracle around the first octets where ranges begin and end', () => {
    const edges = fc.constantFrom(0, 9, 10, 11, 99, 100, 126, 127, 128, 168, 169, 171, 172, 191, 192)
    fc.assert(
      fc.property(
        fc.tuple(edges, fc.nat({ max: 255 }), fc.nat({ max: 255 }), fc.nat({ max: 255 })),
        (octets) => {
          expect(classifyHost(octets.join('.'))).toBe(expectedIpv4Class(octets))
        },
      ),
    )
  })
})
