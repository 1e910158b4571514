import { rm } from 'node:fs/promises'
import { SPEC2024_KINDS } from '@p2p/domain'
import { REF_PEER_KINDS, type RefPeer, type RefServices, startRefPeer, startRefServices } from '@p2p/interop'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, type PeerProcess, SHARED_KEY, startPeer, TOPIC_PREFIX } from '../peers.js'

// Our node as the bootstrap, a Go reference peer and another of our nodes that know only it: the
// Go peer must find our second node, and our second node the Go peer, by the topic rendezvous
// records kept in our DHT (not merely because one dialled the other).
const WAIT = { timeoutMs: 60_000 }
const GO_HUB = 'http://refpeer.example:8090/api/v1'

describe('our node as bootstrap, a Go reference peer and another of our nodes', { timeout: 240_000 }, () => {
  const services: RefServices[] = []
  const peers: PeerProcess[] = []
  const dataDirs: string[] = []
  let go: RefPeer | undefined

  afterAll(async () => {
    for (const peer of peers) {
      peer.closeSocket()
      peer.process.kill()
    }
    await Promise.all([...(go === undefined ? [] : [go]), ...services].map((p) => p.stop()))
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('the Go peer and our second node find each other through the rendezvous in our DHT, and gossip', async () => {
    for (let i = 0; i < 2; i++) {
      services.push(await startRefServices())
      dataDirs.push(await newDataDir())
    }
    const [s0, s1] = services as [RefServices, RefServices]
    const bootstrap = await startPeer('peer1', s0, { dataDir: dataDirs[0] as string })
    peers.push(bootstrap)
    const goPeer = await startRefPeer({
      name: 'go-peer',
      psk: SHARED_KEY,
      topicPrefix: TOPIC_PREFIX,
      bootstrap: [bootstrap.address],
      discoveryIntervalMs: 1_000,
      dataHubUrl: GO_HUB,
    })
    go = goPeer
    // Debug logs say which rendezvous providers each lookup returned.
    const ours = await startPeer('peer2', s1, {
      dataDir: dataDirs[1] as string,
      bootstrap: bootstrap.address,
      env: { logLevel: 'DEBUG' },
    })
    peers.push(ours)

    // Go reads the records our nodes placed in our DHT...
    await waitFor(
      async () => {
        const providers = await goPeer.providers()
        return REF_PEER_KINDS.every((kind) => providers[kind]?.includes(ours.peerId))
      },
      { ...WAIT, what: "the Go peer to find our second node's rendezvous record on every topic" },
    )
    // ...and we read the Go peer's.
    const topicNames = Object.values(goPeer.topics)
    await waitFor(
      () =>
        topicNames.every((topic) =>
          ours.process.records.some(
            (r) => r.msg === 'rendezvous provider found' && r.peer === goPeer.peerId && r.topic === topic,
          ),
        ),
      { ...WAIT, what: "our second node to find the Go peer's rendezvous record on every topic" },
    )
    await waitFor(
      async () =>
        (await ours.status()).peers.some(
          (p) => p.id === goPeer.peerId && SPEC2024_KINDS.every((k) => p.topics.includes(k)),
        ),
      { ...WAIT, what: 'our second node and the Go peer to share every topic' },
    )

    // Gossip both ways between them.
    const subtree = { Hash: 'ab'.repeat(32), DataHubUrl: GO_HUB, PeerId: goPeer.peerId }
    await waitFor(async () => (await goPeer.topicPeers()).mesh.subtree.includes(ours.peerId), {
      ...WAIT,
      what: "our second node in the Go peer's subtree mesh",
    })
    await goPeer.publish('subtree', { message: subtree })
    await waitFor(
      async () =>
        (await s1.received()).subtreeFound.some((c) => c.hash === subtree.Hash && c.baseUrl === GO_HUB),
      { ...WAIT, what: "the Go peer's subtree at our second node's block validation" },
    )
    const mined = await s1.mine()
    const block = await waitFor(
      async () =>
        (await goPeer.received({ kind: 'block' })).find(
          (r) => r.from === ours.peerId && r.text.includes(mined.hash),
        ),
      { ...WAIT, what: "our second node's block at the Go peer" },
    )
    expect(block.roundTripEqual, block.text).toBe(true)
  })
})
