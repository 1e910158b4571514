import { rm } from 'node:fs/promises'
import { SPEC2024_KINDS } from '@p2p/domain'
import {
  REF_PEER_KINDS,
  type RefPeer,
  type RefPeerKind,
  type RefPeerReceived,
  type RefServices,
  startRefPeer,
  startRefServices,
} from '@p2p/interop'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, type PeerProcess, SHARED_KEY, startPeer, TOPIC_PREFIX } from '../peers.js'

// A mixed network judged by the reference's own libraries: a Go peer (go-libp2p, go-libp2p-pubsub,
// go-libp2p-kad-dht, configured as the spec-era reference) is the bootstrap; two of our nodes know
// only it, each in front of the reference's node services on grpc-go. The steps build on each other.
const WAIT = { timeoutMs: 60_000 }
const GO_HUB = 'http://refpeer.example:8090/api/v1'
const hex = (n: number) => n.toString(16).padStart(64, '0')
const json = (r: RefPeerReceived) => JSON.parse(r.text) as Record<string, unknown>

describe('a Go reference peer as bootstrap, two of our nodes in front of the Go node services', {
  timeout: 300_000,
}, () => {
  const services: RefServices[] = []
  const peers: PeerProcess[] = []
  const dataDirs: string[] = []
  const goPeers: RefPeer[] = []
  let go: RefPeer
  // The best block the Go peer answers best-block requests with.
  const goBest = { Hash: hex(0x60b0), Height: 42, DataHubUrl: GO_HUB, PeerId: '' }

  afterAll(async () => {
    for (const peer of peers) {
      peer.closeSocket()
      peer.process.kill()
    }
    await Promise.all([...goPeers, ...services].map((p) => p.stop()))
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  const peer = (i: number) => peers[i] as PeerProcess
  const servicesOf = (i: number) => services[i] as RefServices
  const seesOnEveryTopic = async (from: PeerProcess, to: string) =>
    (await from.status()).peers.some((p) => p.id === to && SPEC2024_KINDS.every((k) => p.topics.includes(k)))

  it('our two nodes know only the Go peer and find each other through the DHT rendezvous', async () => {
    go = await startRefPeer({ name: 'go-bootstrap', psk: SHARED_KEY, topicPrefix: TOPIC_PREFIX })
    goPeers.push(go)
    await go.setBestBlock(goBest)
    for (let i = 0; i < 2; i++) {
      services.push(await startRefServices())
      dataDirs.push(await newDataDir())
    }
    for (let i = 0; i < 2; i++) {
      peers.push(
        await startPeer(`peer${i + 1}`, servicesOf(i), {
          dataDir: dataDirs[i] as string,
          bootstrap: go.tcpAddress,
          // Debug logs say which rendezvous providers each lookup returned.
          ...(i === 1 ? { env: { logLevel: 'DEBUG' } } : {}),
        }),
      )
    }
    // Each of ours knows only the Go peer. The Go DHT holds both our nodes' rendezvous records,
    // and our second node reads the first one's from it.
    await waitFor(
      async () => {
        const providers = await go.providers()
        return REF_PEER_KINDS.every((kind) =>
          [peer(0).peerId, peer(1).peerId].every((id) => providers[kind]?.includes(id)),
        )
      },
      { ...WAIT, what: "the Go DHT to return both our nodes' records on every topic" },
    )
    await waitFor(
      () =>
        Object.values(go.topics).every((topic) =>
          peer(1).process.records.some(
            (r) => r.msg === 'rendezvous provider found' && r.peer === peer(0).peerId && r.topic === topic,
          ),
        ),
      { ...WAIT, what: "our second node to find the first one's record, through the Go DHT, on every topic" },
    )
    for (const [a, b] of [
      [0, 1],
      [1, 0],
    ] as const)
      await waitFor(() => seesOnEveryTopic(peer(a), peer(b).peerId), WAIT)
    for (const i of [0, 1]) await waitFor(() => seesOnEveryTopic(peer(i), go.peerId), WAIT)
    const goTopics = await go.topicPeers()
    for (const kind of REF_PEER_KINDS)
      expect([...goTopics[kind]].sort()).toEqual([peer(0).peerId, peer(1).peerId].sort())
  })

  it('every topic our node publishes reaches the Go peer as the bytes encoding/json writes', async () => {
    const ours = peer(0)
    const mined = await servicesOf(0).mine()
    await servicesOf(0).miningOn()
    const subtree = await servicesOf(0).subtree()
    const rejected = await servicesOf(0).reject('fee too low <&>')
    const expected: Record<RefPeerKind, Record<string, unknown>> = {
      bestBlock: { PeerId: ours.peerId },
      block: { Hash: mined.hash, Height: mined.height, DataHubUrl: ours.assetUrl, PeerId: ours.peerId },
      miningOn: {
        Hash: mined.hash,
        PreviousHash: mined.previousHash,
        DataHubUrl: ours.assetUrl,
        PeerId: ours.peerId,
        Height: mined.height,
      },
      subtree: { Hash: subtree.hash, DataHubUrl: ours.assetUrl, PeerId: ours.peerId },
      rejectedTx: { TxId: rejected.txId, Reason: 'fee too low <&>', PeerId: ours.peerId },
    }
    const table: string[] = []
    for (const [kind, fields] of Object.entries(expected) as Array<[RefPeerKind, Record<string, unknown>]>) {
      const got = await waitFor(
        async () =>
          (await go.received({ kind })).find(
            (r) =>
              r.from === ours.peerId &&
              (kind === 'bestBlock' || json(r).Hash === fields.Hash || json(r).TxId === fields.TxId),
          ),
        { ...WAIT, what: `the Go peer to receive our ${kind}` },
      )
      expect(got.decodeError).toBeUndefined()
      expect(json(got)).toMatchObject(fields)
      expect(got.roundTripEqual, `${kind}: ours ${got.text} / Go ${got.reencodedText}`).toBe(true)
      expect(got.reencodedText).toBe(got.text)
      table.push(
        `  ${kind.padEnd(10)} ${String(got.data.length).padStart(4)} bytes  equal: ${got.roundTripEqual}  ${got.text}`,
      )
    }
    console.log(`our publications, byte for byte against Go's encoding/json:\n${table.join('\n')}`)
  })

  it('what the Go peer publishes passes our validation, reaches block validation and every websocket', async () => {
    const block = { Hash: hex(0x90b1), Height: 43, DataHubUrl: GO_HUB, PeerId: go.peerId }
    const subtree = { Hash: hex(0x90c1), DataHubUrl: GO_HUB, PeerId: go.peerId }
    const miningOn = {
      Hash: hex(0x90b1),
      PreviousHash: hex(0x60b0),
      DataHubUrl: GO_HUB,
      PeerId: go.peerId,
      Height: 43,
      Miner: '/go-reference/',
      SizeInBytes: 9_007_199_254_740_993n.toString(),
      TxCount: 2_829,
    }
    const rejected = { TxId: hex(0x7e1), Reason: 'missing inputs', PeerId: go.peerId }
    // go-libp2p-pubsub publishes to its mesh only (no flood publishing): wait until ours are in it.
    await waitFor(
      async () => {
        const { mesh } = await go.topicPeers()
        return REF_PEER_KINDS.every((kind) => [0, 1].every((i) => mesh[kind].includes(peer(i).peerId)))
      },
      { ...WAIT, what: "our nodes in the Go peer's mesh on every topic" },
    )
    await go.publish('block', { message: block })
    await go.publish('subtree', { message: subtree })
    // SizeInBytes above 2^53: sent as raw JSON so no JS number rounds it on the way.
    await go.publish('miningOn', {
      data: JSON.stringify(miningOn).replace(`"${miningOn.SizeInBytes}"`, miningOn.SizeInBytes),
    })
    await go.publish('rejectedTx', { message: rejected })
    for (const i of [0, 1]) {
      await waitFor(
        async () => {
          const calls = await servicesOf(i).received()
          return (
            calls.blockFound.some((c) => c.hash === block.Hash && c.baseUrl === GO_HUB) &&
            calls.subtreeFound.some((c) => c.hash === subtree.Hash && c.baseUrl === GO_HUB)
          )
        },
        { ...WAIT, what: `BlockFound and SubtreeFound at our node ${i + 1}` },
      )
      const messages = peer(i).messages
      const byType = (type: string, hash: string) =>
        waitFor(() => messages.find((m) => m.type === type && m.hash === hash), WAIT)
      expect(await byType('block', block.Hash)).toMatchObject({
        base_url: GO_HUB,
        peer_id: go.peerId,
        height: 43,
      })
      expect(await byType('subtree', subtree.Hash)).toMatchObject({ base_url: GO_HUB, peer_id: go.peerId })
      const notified = await byType('mining_on', miningOn.Hash)
      expect(notified).toMatchObject({
        previousblockhash: miningOn.PreviousHash,
        height: 43,
        miner: '/go-reference/',
        peer_id: go.peerId,
      })
      // Exact past 2^53 on the websocket too (the parsed copy above rounds it).
      expect(peer(i).frames.find((f) => f.includes('"mining_on"') && f.includes(miningOn.Hash))).toContain(
        '"size_in_bytes":9007199254740993',
      )
      expect(Number(notified.tx_count)).toBe(2_829)
      expect(await byType('rejected_tx', rejected.TxId)).toMatchObject({
        reason: 'missing inputs',
        peer_id: go.peerId,
      })
    }
  })

  it('answers best-block requests both ways over the direct stream', async () => {
    // Ours asked at start: the Go peer's reply went to our block validation.
    for (const i of [0, 1])
      await waitFor(
        async () => (await servicesOf(i).received()).blockFound.some((c) => c.hash === goBest.Hash),
        { ...WAIT, what: `our node ${i + 1} to hand the Go peer's best block to validation` },
      )
    // The Go peer asks: both of ours answer with their best block, as Go encodes it.
    const bestOf = async (i: number) => (await servicesOf(i).mine()).hash
    const best = [await bestOf(0), await bestOf(1)]
    await go.requestBestBlock()
    for (const i of [0, 1]) {
      const reply = await waitFor(
        async () =>
          (await go.received({ kind: 'direct' })).find(
            (r) => r.from === peer(i).peerId && json(r).Hash === best[i],
          ),
        { ...WAIT, what: `our node ${i + 1}'s best-block reply at the Go peer` },
      )
      expect(json(reply)).toMatchObject({ Hash: best[i], DataHubUrl: peer(i).assetUrl, PeerId: '' })
      expect(reply.roundTripEqual, reply.text).toBe(true)
      console.log(`best-block reply from our node ${i + 1}, equal: ${reply.roundTripEqual}  ${reply.text}`)
    }
  })

  it('a Go peer with the wrong network key never connects', async () => {
    const stranger = await startRefPeer({
      name: 'go-wrong-key',
      psk: '5a'.repeat(32),
      topicPrefix: TOPIC_PREFIX,
    })
    goPeers.push(stranger)
    await expect(stranger.connect(peer(0).address)).rejects.toThrow()
    expect(await stranger.connectedPeerIds()).toEqual([])
    expect((await peer(0).status()).peers.some((p) => p.id === stranger.peerId)).toBe(false)
  })

  it('a Go peer that spoofs PeerId or names a private data hub is refused, scored and banned', async () => {
    const rogue = await startRefPeer({
      name: 'go-rogue',
      psk: SHARED_KEY,
      topicPrefix: TOPIC_PREFIX,
      dht: false,
    })
    goPeers.push(rogue)
    // Connected to our first node and to the Go peer, which relays whatever it gets (the spec-era
    // reference validates nothing): our second node hears the rogue only through the honest Go peer.
    await rogue.connect(peer(0).address)
    await rogue.connect(go.tcpAddress)
    await waitFor(() => seesOnEveryTopic(peer(0), rogue.peerId), WAIT)
    await waitFor(async () => (await rogue.topicPeers()).mesh.block.length === 2, {
      ...WAIT,
      what: "our node and the Go peer in the rogue's block mesh",
    })
    const junk: Array<[RefPeerKind, Record<string, unknown>]> = [
      ['block', { Hash: hex(0xbad1), Height: 5, DataHubUrl: GO_HUB, PeerId: go.peerId }],
      ['subtree', { Hash: hex(0xbad2), DataHubUrl: 'http://127.0.0.1:8090/api/v1', PeerId: rogue.peerId }],
      [
        'block',
        { Hash: hex(0xbad3), Height: 6, DataHubUrl: 'http://10.0.0.7:8090/api/v1', PeerId: rogue.peerId },
      ],
    ]
    await waitFor(
      async () => {
        for (const [kind, message] of junk) await rogue.publish(kind, { message }).catch(() => {})
        if ((await rogue.connectedPeerIds()).includes(peer(0).peerId)) return false
        return rogue.connect(peer(0).address).then(
          () => false,
          () => true,
        )
      },
      { ...WAIT, intervalMs: 200, what: 'our node to ban the rogue Go peer' },
    )
    const rogueHashes = [0xbad1, 0xbad2, 0xbad3].map(hex)
    for (const i of [0, 1]) {
      const calls = await servicesOf(i).received()
      expect(
        [...calls.blockFound, ...calls.subtreeFound].filter((c) => rogueHashes.includes(c.hash)),
      ).toEqual([])
      expect(peer(i).messages.filter((m) => rogueHashes.includes(String(m.hash)))).toEqual([])
      expect((await fetch(`http://127.0.0.1:${peer(i).httpPort}/health`)).status).toBe(200)
    }
    // Throwaway identities that reach us only through the honest Go peer: it relays their junk
    // unvalidated, as every spec-era reference peer does. Their offences are theirs, not the relay's.
    for (let n = 0; n < 4; n++) {
      const throwaway = await startRefPeer({
        name: `go-rogue-${n}`,
        psk: SHARED_KEY,
        topicPrefix: TOPIC_PREFIX,
        dht: false,
      })
      goPeers.push(throwaway)
      await throwaway.connect(go.tcpAddress)
      await waitFor(async () => (await throwaway.topicPeers()).mesh.block.includes(go.peerId), WAIT)
      for (let round = 0; round < 8; round++) {
        const hash = hex(0xbad100 + n * 16 + round)
        await throwaway.publish('block', {
          message: { Hash: hash, Height: 5, DataHubUrl: GO_HUB, PeerId: go.peerId },
        })
        rogueHashes.push(hash)
      }
      await throwaway.stop()
    }
    // The honest Go peer is still in our mesh and its next block still arrives.
    const next = { Hash: hex(0x90b2), Height: 44, DataHubUrl: GO_HUB, PeerId: go.peerId }
    await go.publish('block', { message: next })
    for (const i of [0, 1])
      await waitFor(
        async () => (await servicesOf(i).received()).blockFound.some((c) => c.hash === next.Hash),
        { ...WAIT, what: `the honest Go peer's next block at our node ${i + 1}` },
      )
    // And our next block still reaches the Go peer: it was not scored out of our mesh.
    const ours = await servicesOf(0).mine()
    await waitFor(
      async () =>
        (await go.received({ kind: 'block' })).some(
          (r) => r.from === peer(0).peerId && r.text.includes(ours.hash),
        ),
      { ...WAIT, what: "our next block at the Go peer after it relayed the rogues' junk" },
    )
    for (const i of [0, 1]) {
      const calls = await servicesOf(i).received()
      expect(
        [...calls.blockFound, ...calls.subtreeFound].filter((c) => rogueHashes.includes(c.hash)),
      ).toEqual([])
    }
  })
})
