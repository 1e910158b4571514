import type { Connection } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { hangUpAddress } from './address-hang-up.js'

function connection(address: string, status: Connection['status'] = 'open') {
  const aborted: Error[] = []
  const fake = { remoteAddr: multiaddr(address), status, abort: (error: Error) => aborted.push(error) }
  return { fake: fake as unknown as Connection, aborted }
}

describe('hangUpAddress', () => {
  it('aborts the open connections from that IP, either way and however it is written, and counts them', () => {
    const inbound = connection('/ip4/203.0.113.7/tcp/40100')
    const mapped = connection('/ip6/::ffff:203.0.113.7/tcp/40101')
    const closing = connection('/ip4/203.0.113.7/tcp/40102', 'closing')
    const other = connection('/ip4/198.51.100.1/tcp/4001')
    const named = connection('/dns4/203.0.113.7.example/tcp/4001')
    const all = [inbound, mapped, closing, other, named]
    const node = { getConnections: () => all.map((c) => c.fake) }

    expect(hangUpAddress(node, '203.0.113.7')).toBe(2)
    expect(inbound.aborted).toHaveLength(1)
    expect(inbound.aborted[0]).toMatchObject({ code: 'banned' })
    expect(mapped.aborted).toHaveLength(1)
    expect([closing, other, named].map((c) => c.aborted.length)).toEqual([0, 0, 0])
  })
})
