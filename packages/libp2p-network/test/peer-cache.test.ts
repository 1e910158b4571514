// First: libp2p's modules need Promise.withResolvers, which Node 20 lacks.
import '../src/shims/node20.js'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { createLibp2p } from 'libp2p'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { libp2pPeerCacheHost, PeerCache } from '../src/discovery/peer-cache.js'
import { PEER_CACHE_FILE_NAME } from '../src/discovery/peer-cache-file.js'

async function node(privateKey: PrivateKey): Promise<Libp2p> {
  return createLibp2p({
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  })
}

describe('peer cache across a restart', () => {
  let dir: string
  const nodes: Libp2p[] = []
  const caches: PeerCache[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-peer-cache-it-'))
  })
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((cache) => cache.stop()))
    await Promise.all(nodes.splice(0).map((n) => n.stop()))
    await rm(dir, { recursive: true, force: true })
  })

  async function started(privateKey: PrivateKey): Promise<Libp2p> {
    const made = await node(privateKey)
    nodes.push(made)
    return made
  }

  function cacheOf(of: Libp2p, logger = new MemoryLogger()): PeerCache {
    // Every peer counts as a topic peer here: these nodes run no gossipsub.
    const cache = new PeerCache(
      { host: libp2pPeerCacheHost(of, () => true), logger, now: Date.now },
      { dir, writeIntervalMs: 50 },
    )
    caches.push(cache)
    return cache
  }

  it('a restarted node dials the peer it cached, by the address it learnt', async () => {
    const remote = await started(await generateKeyPair('Ed25519'))
    const remoteId = remote.peerId.toString()
    const ourKey = await generateKeyPair('Ed25519')

    const first = await started(ourKey)
    const firstCache = cacheOf(first)
    await firstCache.start()
    // The remote dials us, as a peer that found us would: the connection's own address is the
    // remote's ephemeral port, and only identify tells us where it listens.
    await remote.dial(first.getMultiaddrs()[0] ?? multiaddr('/'))
    await waitFor(() => first.getConnections(remote.peerId).length > 0, { what: 'the connection' })
    const listening = remote.getMultiaddrs().map((address) => address.decapsulate('/p2p').toString())
    await waitFor(
      async () =>
        (await first.peerStore.get(remote.peerId)).addresses.some((known) =>
          listening.includes(known.multiaddr.toString()),
        ),
      { what: 'identify to tell us where the remote listens' },
    )
    firstCache.topicPeerConnected(remoteId, 'remote-node')
    await waitFor(
      async () => (await readFile(join(dir, PEER_CACHE_FILE_NAME), 'utf8').catch(() => '')).length > 0,
      {
        what: 'the cache file',
      },
    )
    await firstCache.stop()
    await first.stop()
    const written = JSON.parse(await readFile(join(dir, PEER_CACHE_FILE_NAME), 'utf8'))
    expect(written).toEqual([
      {
        id: remoteId,
        name: 'remote-node',
        addrs: expect.arrayContaining(listening),
        last_seen: expect.any(String),
      },
    ])
    expect(remote.getConnections()).toHaveLength(0)

    // The same identity, a new process: nothing but the cache says where the remote is.
    const second = await started(ourKey)
    const logger = new MemoryLogger()
    await cacheOf(second, logger).start()
    await waitFor(() => second.getConnections(remote.peerId).length > 0, {
      timeoutMs: 15_000,
      what: 'the restarted node to dial its cached peer',
    })
    await waitFor(() => remote.getConnections(second.peerId).length > 0, { what: 'the remote to see it' })
    expect(logger.find('info', 'loaded the peer cache')?.context).toMatchObject({ peers: 1, expired: 0 })
  })
})
