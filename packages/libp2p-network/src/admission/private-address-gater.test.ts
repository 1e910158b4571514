import type { MultiaddrConnection } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { isRefusedAddress, type PrivateAddressRefusal, privateAddressGater } from './private-address-gater.js'

describe('the private-address gater', () => {
  it.each([
    '/ip4/127.0.0.1/tcp/9905',
    '/ip4/10.1.2.3/tcp/9905',
    '/ip4/172.20.0.5/tcp/9905',
    '/ip4/192.168.1.10/tcp/9905',
    '/ip4/169.254.169.254/tcp/80',
    '/ip4/100.64.1.1/tcp/9905',
    '/ip4/0.0.0.0/tcp/9905',
    '/ip6/::1/tcp/9905',
    '/ip6/fd00::1/tcp/9905',
    '/ip6/fe80::1/tcp/9905',
    '/ip6/::ffff:192.168.0.1/tcp/9905',
  ])('refuses %s', (text) => {
    expect(isRefusedAddress(multiaddr(text))).toBe(true)
  })

  it.each([
    '/ip4/8.8.8.8/tcp/9905',
    '/ip4/172.32.0.1/tcp/9905',
    '/ip6/2001:4860:4860::8888/tcp/9905',
    '/dns4/bootstrap.example/tcp/9905',
  ])('lets %s through (names are checked once the dialler resolves them)', (text) => {
    expect(isRefusedAddress(multiaddr(text))).toBe(false)
  })

  it('refuses both ways and says where', async () => {
    const seen: Array<[PrivateAddressRefusal, string]> = []
    const gater = privateAddressGater((at, address) => seen.push([at, address]))
    expect(await gater.denyDialMultiaddr?.(multiaddr('/ip4/192.168.0.2/tcp/1'))).toBe(true)
    expect(await gater.denyDialMultiaddr?.(multiaddr('/ip4/1.2.3.4/tcp/1'))).toBe(false)
    const inbound = { remoteAddr: multiaddr('/ip4/127.0.0.1/tcp/50000') } as MultiaddrConnection
    expect(await gater.denyInboundConnection?.(inbound)).toBe(true)
    expect(seen).toEqual([
      ['dial', '/ip4/192.168.0.2/tcp/1'],
      ['inbound', '/ip4/127.0.0.1/tcp/50000'],
    ])
  })
})
