import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import type { Logger } from '@p2p/domain'
import { MemoryLogger, RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createLibp2pNode,
  type Libp2pNode,
  Libp2pPeerNetwork,
  type Libp2pPeerNetworkDeps,
  type Libp2pPeerNetworkOptions,
  parseNetworkConfig,
} from '../src/index.js'
import { TxtDnsServer } from './dns-server.js'
import { tcpAddress, testConfig } from './network-harness.js'
import { samplesFrom } from './samples.js'

const WAIT = { timeoutMs: 20_000 }
const PUBLIC_DHT = '/ipfs/kad/1.0.0'

/** The transport of today's networks, as the teranode profile sets it: no PSK, DHT off. */
function teranodeLike(overrides: Partial<Libp2pPeerNetworkOptions> = {}): Libp2pPeerNetworkOptions {
  const { privateNetwork: _psk, ...spec } = testConfig()
  return {
    ...spec,
    dhtMode: 'off',
    peerRedial: { everyMs: 100, forMs: 2_000, thenEveryMs: 500 },
    ...overrides,
  }
}

describe('the transport options of the teranode profile', () => {
  const networks: Libp2pPeerNetwork[] = []
  const raw: Libp2pNode[] = []
  const dirs: string[] = []
  const servers: TxtDnsServer[] = []
  afterEach(async () => {
    await Promise.all(networks.splice(0).map((n) => n.stop()))
    await Promise.all(raw.splice(0).map((n) => n.stop()))
    await Promise.all(servers.splice(0).map((s) => s.close()))
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })

  async function started(
    options: Libp2pPeerNetworkOptions,
    key?: Awaited<ReturnType<typeof generateKeyPair>>,
    deps: Pick<Libp2pPeerNetworkDeps, 'resolveTxt'> = {},
  ) {
    const logger = new MemoryLogger()
    const network = new Libp2pPeerNetwork(
      { ...deps, privateKey: key ?? (await generateKeyPair('Ed25519')), logger: logger as Logger },
      options,
    )
    networks.push(network)
    network.setListener(new RecordingListener())
    await network.start()
    return { network, logger }
  }

  const connected = (a: Libp2pPeerNetwork, b: Libp2pPeerNetwork) => a.peers().some((p) => p.id === b.peerId)

  it('with the DHT off, serves no DHT protocol and finds its peers through static peers', async () => {
    const { network: b } = await started(teranodeLike())
    const { network: a } = await started(teranodeLike({ staticPeers: [tcpAddress(b)] }))
    await waitFor(() => connected(a, b) && connected(b, a), { ...WAIT, what: 'the static peer connected' })
    for (const node of [a, b]) {
      expect(node.protocols().some((p) => p.includes('/kad/'))).toBe(false)
      expect(node.protocols()).toContain('/meshsub/1.1.0')
    }
  })

  it('in server mode serves the public DHT; in client mode it only asks', async () => {
    const { network: server } = await started(teranodeLike({ dhtMode: 'server' }))
    const { network: client } = await started(
      teranodeLike({ dhtMode: 'client', bootstrapAddresses: [tcpAddress(server)] }),
    )
    expect(server.protocols()).toContain(PUBLIC_DHT)
    expect(client.protocols()).not.toContain(PUBLIC_DHT)
    await waitFor(() => connected(client, server), { ...WAIT, what: 'the client at its bootstrap peer' })
  })

  it('keeps a bootstrap peer connected: it is redialled when it comes back', async () => {
    const key = await generateKeyPair('Ed25519')
    const first = await started(teranodeLike(), key)
    const port = Number(/\/tcp\/(\d+)\//.exec(tcpAddress(first.network))?.[1])
    const address = tcpAddress(first.network)
    const { network: a, logger } = await started(teranodeLike({ bootstrapAddresses: [address] }))
    await waitFor(() => connected(a, first.network), { ...WAIT, what: 'the bootstrap peer connected' })
    await first.network.stop()
    await waitFor(() => !connected(a, first.network), { ...WAIT, what: 'the bootstrap peer gone' })
    const again = await started(teranodeLike({ listen: { ip: '127.0.0.1', port } }), key)
    await waitFor(() => connected(a, again.network), { ...WAIT, what: 'the bootstrap peer redialled' })
    expect(logger.entries.some((e) => e.message === 'bootstrap peer disconnected; redialling')).toBe(true)
  })

  it('announces no loopback address unless sharing private ones, and still says where it listens', async () => {
    const { network: quiet, logger } = await started(teranodeLike({ announcePrivateAddresses: false }))
    expect(quiet.addresses()).toEqual([])
    const [listening] = quiet.listenAddresses()
    expect(listening).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]\d*$/)
    expect(logger.find('info', 'p2p network started')?.context).toMatchObject({
      listening: [listening],
      addresses: [],
    })
    const { network: sharing } = await started(teranodeLike({ announcePrivateAddresses: true }))
    expect(sharing.addresses()).toEqual([`${sharing.listenAddresses()[0]}/p2p/${sharing.peerId}`])
  })

  it('refuses private addresses both ways unless they are allowed', async () => {
    const { network: open } = await started(teranodeLike())
    const { network: strict } = await started(teranodeLike({ refusePrivateAddresses: true }))
    await expect(strict.connect(tcpAddress(open))).rejects.toThrow()
    await expect(open.connect(tcpAddress(strict))).rejects.toThrow()
    expect(strict.privateAddressRefusals()).toMatchObject({ dial: 1, inbound: 1 })
    expect(connected(strict, open) || connected(open, strict)).toBe(false)
  })

  it('past the high mark, closes connections that are not topic peers and keeps the ones that are', async () => {
    const marks = { low: 2, high: 3, graceMs: 200 }
    const { network: hub } = await started(teranodeLike({ connectionMarks: marks }))
    const { network: topicPeer } = await started(teranodeLike({ staticPeers: [tcpAddress(hub)] }))
    await waitFor(() => hub.peers().some((p) => p.id === topicPeer.peerId && p.topics.length > 0), {
      ...WAIT,
      what: 'a topic peer at the hub',
    })
    // Bare libp2p nodes: no gossipsub, so no topics; nothing protects them.
    const config = parseNetworkConfig(teranodeLike())
    for (let i = 0; i < 4; i++) {
      const node = await createLibp2pNode(config, { privateKey: await generateKeyPair('Ed25519') })
      raw.push(node)
      await node.start()
      await node.dial(multiaddr(tcpAddress(hub)))
    }
    // Each new connection past the high mark closes the bare peers past their grace; the young
    // ones stay until they are old enough to count (the unit tests hold the arithmetic).
    await waitFor(() => hub.trimmedConnections() >= 1 && hub.peers().length <= marks.high, {
      ...WAIT,
      what: 'the hub back under its high mark',
    })
    expect(connected(hub, topicPeer)).toBe(true)
  })

  it('finds an author it only hears of through a relay by asking the relay for its address (DHT off)', async () => {
    const exchange = { addressExchange: true, addressExchangeIntervalMs: 200 }
    const { network: relay } = await started(teranodeLike(exchange))
    const { network: author } = await started(teranodeLike({ ...exchange, staticPeers: [tcpAddress(relay)] }))
    const { network: listener } = await started(
      teranodeLike({ ...exchange, staticPeers: [tcpAddress(relay)] }),
    )
    const meshed = (a: Libp2pPeerNetwork, b: Libp2pPeerNetwork) => a.meshPeers('subtree').includes(b.peerId)
    await waitFor(() => meshed(relay, author) && meshed(relay, listener), {
      ...WAIT,
      what: 'both meshed with the relay',
    })
    expect(connected(listener, author)).toBe(false)
    await author.publish('subtree', samplesFrom(author.peerId).subtree)
    await waitFor(() => connected(listener, author), {
      ...WAIT,
      what: 'the listener dialling the author it heard of',
    })
    expect(relay.addressExchangeStats()?.served.served).toBeGreaterThan(0)
    expect(listener.addressExchangeStats()?.asked).toMatchObject({ answered: 1, dialled: 1 })
  })

  it('keeps its topic peers in peer_cache.json and dials them again after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-peer-cache-'))
    dirs.push(dir)
    const { network: peer } = await started(teranodeLike())
    const key = await generateKeyPair('Ed25519')
    const first = await started(
      teranodeLike({ peerCache: true, dataDir: dir, staticPeers: [tcpAddress(peer)] }),
      key,
    )
    await waitFor(() => first.network.peers().some((p) => p.id === peer.peerId && p.topics.length > 0), {
      ...WAIT,
      what: 'a topic peer',
    })
    await first.network.stop()
    const cached = JSON.parse(await readFile(join(dir, 'peer_cache.json'), 'utf8')) as Array<{ id: string }>
    expect(cached.map((entry) => entry.id)).toContain(peer.peerId)
    // No static peer, no bootstrap, no DHT: only the cache can bring it back.
    const again = await started(teranodeLike({ peerCache: true, dataDir: dir }), key)
    await waitFor(() => connected(again.network, peer), { ...WAIT, what: 'the cached peer dialled again' })
  })

  it('resolves a /dnsaddr bootstrap entry through DNS, and starts without one that does not resolve', async () => {
    const { network: boot } = await started(teranodeLike())
    const dns = await TxtDnsServer.start({ '_dnsaddr.boot.test': [`dnsaddr=${tcpAddress(boot)}`] })
    servers.push(dns)
    const resolver = new (await import('node:dns')).promises.Resolver({ timeout: 500, tries: 1 })
    resolver.setServers([dns.server])
    const resolveTxt = (name: string) => resolver.resolveTxt(name)
    const { network: a } = await started(
      teranodeLike({ bootstrapAddresses: ['/dnsaddr/boot.test', '/dnsaddr/missing.test'] }),
      undefined,
      { resolveTxt },
    )
    await waitFor(() => connected(a, boot), { ...WAIT, what: 'the peer the DNS entry names' })
    const { logger } = await started(
      teranodeLike({ bootstrapAddresses: ['/dnsaddr/missing.test'] }),
      undefined,
      {
        resolveTxt,
      },
    )
    expect(
      logger.entries.find((e) => e.message === 'could not resolve a bootstrap entry; going on without it'),
    ).toMatchObject({ context: { entry: '/dnsaddr/missing.test' } })
  })
})
