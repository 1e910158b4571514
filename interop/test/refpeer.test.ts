import { waitFor } from '@p2p/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REF_PEER_KINDS, type RefPeer, type RefPeerKind, startRefPeer } from '../src/index.js'

// Proves the reference peer itself: a network of three that found each other through the DHT,
// gossip on every topic with the reference's own encoding, the direct best-block stream, and the
// PSK keeping a stranger out. Tests of our TS node against it build on exactly these behaviours.

const SHARED_KEY = '5a'.repeat(32)
const OTHER_KEY = 'a5'.repeat(32)
// Short rounds: the DHT rendezvous is found in a second or two instead of five to ten.
const DISCOVERY_INTERVAL_MS = 500

const hash = (n: number) => n.toString(16).padStart(64, '0')
const text = new TextDecoder()

let a: RefPeer
let b: RefPeer
let c: RefPeer
let stranger: RefPeer

beforeAll(async () => {
  a = await startRefPeer({ name: 'refpeer-a', psk: SHARED_KEY, discoveryIntervalMs: DISCOVERY_INTERVAL_MS })
  ;[b, c, stranger] = await Promise.all([
    startRefPeer({
      name: 'refpeer-b',
      psk: SHARED_KEY,
      bootstrap: [a.tcpAddress],
      discoveryIntervalMs: DISCOVERY_INTERVAL_MS,
    }),
    startRefPeer({
      name: 'refpeer-c',
      psk: SHARED_KEY,
      bootstrap: [a.tcpAddress],
      discoveryIntervalMs: DISCOVERY_INTERVAL_MS,
    }),
    startRefPeer({ name: 'refpeer-stranger', psk: OTHER_KEY, dht: false }),
  ])
})

afterAll(async () => {
  const exits = await Promise.all([a, b, c, stranger].filter((p) => p !== undefined).map((p) => p.stop()))
  expect(exits).toEqual(exits.map(() => 0))
})

async function connectedTo(peer: RefPeer): Promise<string[]> {
  return peer.connectedPeerIds()
}

function messageFor(kind: RefPeerKind, author: RefPeer): Record<string, unknown> {
  switch (kind) {
    case 'bestBlock':
      return { PeerId: author.peerId }
    case 'block':
      return {
        Hash: hash(0x0b),
        Height: 101,
        DataHubUrl: 'http://127.0.0.1:8090/api/v1',
        PeerId: author.peerId,
      }
    case 'subtree':
      // encoding/json escapes &, < and > as \u0026, \u003c, \u003e: the round trip must keep that.
      return { Hash: hash(0x5b), DataHubUrl: 'http://127.0.0.1:8090/api/v1?a=1&b=<2>', PeerId: author.peerId }
    case 'miningOn':
      return {
        Hash: hash(0x30),
        PreviousHash: hash(0x2f),
        DataHubUrl: 'http://127.0.0.1:8090/api/v1',
        PeerId: author.peerId,
        Height: 4_294_967_295,
        Miner: '/mïner/',
        SizeInBytes: Number.MAX_SAFE_INTEGER,
        TxCount: 3,
      }
    case 'rejectedTx':
      return { TxId: hash(0x7e), Reason: 'missing inputs', PeerId: author.peerId }
  }
}

describe('refpeer', () => {
  it('finds a peer it was not told about through the DHT, and the rendezvous names every peer', async () => {
    await waitFor(async () => (await connectedTo(c)).includes(b.peerId), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'C connected to B (both only know A)',
    })
    expect(await connectedTo(a)).toEqual(expect.arrayContaining([b.peerId, c.peerId]))
    // The DHT's own lookups usually connect C to B before a discovery round has run; the
    // rendezvous records are checked on their own: C finds all three as providers of each topic.
    await waitFor(
      async () => {
        const providers = await c.providers({ timeoutMs: 5_000 })
        return REF_PEER_KINDS.every((kind) => [a, b, c].every((p) => providers[kind]?.includes(p.peerId)))
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'A, B and C as providers of every topic' },
    )
  })

  it('carries every topic to the others, signed by its author, in exactly Go encoding/json bytes', async () => {
    const trio = [a, b, c]
    for (const peer of trio) {
      for (const kind of REF_PEER_KINDS) await peer.waitForTopicPeers(2, { kind, timeoutMs: 15_000 })
    }
    // Go publishes to its mesh only (no flood publishing by default): a message sent before the
    // heartbeats have grafted everyone can miss a peer for good. Wait for full meshes.
    await waitFor(
      async () => {
        const views = await Promise.all(trio.map((p) => p.topicPeers()))
        return views.every((view, i) =>
          REF_PEER_KINDS.every(
            (kind) => view.mesh[kind].length === 2 && !view.mesh[kind].includes(trio[i]?.peerId ?? ''),
          ),
        )
      },
      { timeoutMs: 15_000, intervalMs: 100, what: "every peer in the others' meshes on every topic" },
    )
    for (const [i, kind] of REF_PEER_KINDS.entries()) {
      const author = trio[i % 3] as RefPeer
      const published = await author.publish(kind, { message: messageFor(kind, author) })
      expect(JSON.parse(text.decode(published))).toMatchObject({ PeerId: author.peerId })
      for (const receiver of trio.filter((p) => p !== author)) {
        const got = await waitFor(
          async () => (await receiver.received({ kind })).find((r) => r.from === author.peerId),
          { timeoutMs: 10_000, what: `${kind} from ${author.peerId} at ${receiver.peerId}` },
        )
        expect(got.topic).toBe(author.topics[kind])
        expect(got.data).toEqual(published)
        expect(got.decodeError).toBeUndefined()
        expect(got.roundTripEqual).toBe(true)
      }
      // Its own publication comes back to its subscription, and is not "received".
      expect((await author.received({ kind })).filter((r) => r.from === author.peerId)).toEqual([])
    }
    const published = await c.publish('subtree', { message: messageFor('subtree', c) })
    expect(text.decode(published)).toContain('?a=1\\u0026b=\\u003c2\\u003e')
  })

  it('answers a best-block request with a direct BlockMessage from every other peer', async () => {
    const bestOf = (n: number) => ({ Hash: hash(n), Height: n, DataHubUrl: `http://peer${n}.example/api/v1` })
    const bBest = await b.setBestBlock(bestOf(11))
    const cBest = await c.setBestBlock(bestOf(12))
    expect(text.decode(bBest)).toBe(
      `{"Hash":"${hash(11)}","Height":11,"DataHubUrl":"http://peer11.example/api/v1","PeerId":""}`,
    )
    const since = (await a.received()).at(-1)?.seq ?? 0

    const request = await a.requestBestBlock()
    expect(text.decode(request)).toBe(`{"PeerId":"${a.peerId}"}`)

    const replies = await waitFor(
      async () => {
        const direct = await a.received({ since, kind: 'direct' })
        return direct.length >= 2 ? direct : undefined
      },
      { timeoutMs: 10_000, what: 'best-block replies from B and C' },
    )
    const byAuthor = new Map(replies.map((r) => [r.from, r]))
    expect(byAuthor.get(b.peerId)?.data).toEqual(bBest)
    expect(byAuthor.get(c.peerId)?.data).toEqual(cBest)
    for (const reply of replies) expect(reply.roundTripEqual).toBe(true)
    expect(replies).toHaveLength(2)
  })

  it('keeps a peer with another PSK out', async () => {
    const started = Date.now()
    await expect(stranger.connect(a.tcpAddress)).rejects.toThrow(/connect/)
    expect(Date.now() - started).toBeLessThan(12_000)
    expect(await connectedTo(stranger)).toEqual([])
    for (const peer of [a, b, c]) expect(await connectedTo(peer)).not.toContain(stranger.peerId)
    const stats = await a.stats()
    expect(stats.dropped).toBe(0)
  })
})
