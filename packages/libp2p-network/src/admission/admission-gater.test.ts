import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Connection, MultiaddrConnection, PeerId } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import {
  type AdmissionGaterOptions,
  type AdmissionRefusal,
  admissionGater,
  hostKey,
} from './admission-gater.js'
import { composeGaters } from './compose-gaters.js'

const LIMITS = {
  maxPendingPerHost: 2,
  maxConnectionsPerHost: 3,
  maxConnectionsPerPeer: 2,
  maxInbound: 5,
  limitLoopback: false,
}

/** A raw inbound connection from `host`: the gater reads its address and waits for its close. */
function rawFrom(host: string): MultiaddrConnection & { close(): void } {
  const events = new EventTarget()
  return Object.assign(events, {
    remoteAddr: multiaddr(`/${host.includes(':') ? 'ip6' : 'ip4'}/${host}/tcp/4001`),
    close: () => events.dispatchEvent(new Event('close')),
  }) as unknown as MultiaddrConnection & { close(): void }
}

const newPeer = async (): Promise<PeerId> => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))

function connection(peer: PeerId, host: string, direction: 'inbound' | 'outbound' = 'inbound'): Connection {
  return {
    remotePeer: peer,
    remoteAddr: multiaddr(`/ip4/${host}/tcp/4001`),
    direction,
    status: 'open',
  } as Connection
}

function gaterWith(connections: Connection[], limits: Partial<AdmissionGaterOptions> = {}) {
  const refusals: AdmissionRefusal[] = []
  const gater = admissionGater({
    ...LIMITS,
    ...limits,
    connections: () => connections,
    refused: (reason) => refusals.push(reason),
  })
  return { gater, refusals }
}

describe('admissionGater', () => {
  it('holds a few pending upgrades per host and frees a slot when one finishes or fails', async () => {
    const { gater, refusals } = gaterWith([])
    const [a, b, c] = [rawFrom('10.0.0.1'), rawFrom('10.0.0.1'), rawFrom('10.0.0.1')]
    expect(await gater.denyInboundConnection?.(a)).toBe(false)
    expect(await gater.denyInboundConnection?.(b)).toBe(false)
    expect(await gater.denyInboundConnection?.(c)).toBe(true)
    // Another host is not held up by this one.
    expect(await gater.denyInboundConnection?.(rawFrom('10.0.0.2'))).toBe(false)
    a.close()
    expect(await gater.denyInboundConnection?.(c)).toBe(false)
    await gater.denyInboundUpgradedConnection?.(await newPeer(), b)
    expect(await gater.denyInboundConnection?.(rawFrom('10.0.0.1'))).toBe(false)
    expect(refusals).toEqual(['pending_per_host'])
  })

  it('counts an IPv6 /64 as one host, and an IPv4-mapped address as its IPv4 address', async () => {
    expect(hostKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(hostKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(hostKey('2001:db8::')).toBe('2001:db8:0:0::/64')
    expect(hostKey('::ffff:10.0.0.1')).toBe('10.0.0.1')
    expect(hostKey('::ffff:a00:1')).toBe('10.0.0.1')
    expect(hostKey('10.0.0.1')).toBe('10.0.0.1')
    const { gater } = gaterWith([])
    expect(await gater.denyInboundConnection?.(rawFrom('2001:db8:1:2::a'))).toBe(false)
    expect(await gater.denyInboundConnection?.(rawFrom('2001:db8:1:2::b'))).toBe(false)
    expect(await gater.denyInboundConnection?.(rawFrom('2001:db8:1:2:ffff::c'))).toBe(true)
    expect(await gater.denyInboundConnection?.(rawFrom('2001:db8:1:3::a'))).toBe(false)
  })

  it('caps the connections one host holds, counting pending ones', async () => {
    const peer = await newPeer()
    const open = [
      connection(peer, '10.0.0.1'),
      connection(peer, '10.0.0.1'),
      connection(peer, '10.0.0.1', 'outbound'),
    ]
    const { gater, refusals } = gaterWith(open)
    expect(await gater.denyInboundConnection?.(rawFrom('10.0.0.1'))).toBe(false)
    expect(await gater.denyInboundConnection?.(rawFrom('10.0.0.1'))).toBe(true)
    expect(refusals).toEqual(['connections_per_host'])
  })

  it('exempts loopback from the per-host limits unless told otherwise', async () => {
    const exempt = gaterWith([], { maxInbound: 100 }).gater
    for (const ip of ['127.0.0.1', '127.0.0.1', '::1', '::1', '::ffff:127.0.0.1'])
      expect(await exempt.denyInboundConnection?.(rawFrom(ip))).toBe(false)
    const limited = gaterWith([], { limitLoopback: true }).gater
    expect(await limited.denyInboundConnection?.(rawFrom('127.0.0.1'))).toBe(false)
    expect(await limited.denyInboundConnection?.(rawFrom('127.0.0.1'))).toBe(false)
    expect(await limited.denyInboundConnection?.(rawFrom('127.0.0.1'))).toBe(true)
  })

  it('caps the connections one peer id holds, either way', async () => {
    const [flooder, other] = [await newPeer(), await newPeer()]
    const open = [connection(flooder, '10.0.0.1'), connection(flooder, '10.0.0.2', 'outbound')]
    const { gater, refusals } = gaterWith(open)
    expect(await gater.denyInboundEncryptedConnection?.(flooder, rawFrom('10.0.0.3'))).toBe(true)
    expect(await gater.denyInboundEncryptedConnection?.(other, rawFrom('10.0.0.3'))).toBe(false)
    expect(refusals).toEqual(['connections_per_peer'])
  })

  it('keeps the reserve for our own dials: inbound stops short, outbound connections do not count', async () => {
    const open: Connection[] = []
    for (let i = 0; i < 4; i++) open.push(connection(await newPeer(), `10.0.1.${i}`))
    for (let i = 0; i < 10; i++) open.push(connection(await newPeer(), `10.0.2.${i}`, 'outbound'))
    const { gater, refusals } = gaterWith(open)
    expect(await gater.denyInboundConnection?.(rawFrom('10.0.3.1'))).toBe(false)
    expect(await gater.denyInboundConnection?.(rawFrom('10.0.3.2'))).toBe(true)
    expect(refusals).toEqual(['inbound_full'])
  })
})

describe('composeGaters', () => {
  it('denies when any gater denies, and asks later gaters only when earlier ones admit', async () => {
    const asked: string[] = []
    const answering = (name: string, denies: boolean) => () => {
      asked.push(name)
      return denies
    }
    const composed = composeGaters(
      { denyDialPeer: answering('ban', true) },
      { denyDialPeer: answering('admission', false), denyInboundConnection: () => true },
    )
    expect(await composed.denyDialPeer?.(await newPeer())).toBe(true)
    expect(asked).toEqual(['ban'])
    expect(await composed.denyInboundConnection?.(rawFrom('10.0.0.1'))).toBe(true)
    expect(composed.denyOutboundConnection).toBeUndefined()
  })
})
