import { rm } from 'node:fs/promises'
import { type RefServices, startRefServices } from '@p2p/interop'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, type PeerProcess, startPeer } from '../peers.js'

// Our node in front of the Go node services (grpc-go, behaving as the reference's: a Subscribe
// stream sends nothing, not even headers, until its first notification).
const WAIT = { timeoutMs: 60_000 }

interface Detail {
  readonly healthy: boolean
  readonly upstreams: Readonly<Record<string, { readonly state: string; readonly quietForMs?: number }>>
}

describe('our node in front of the Go reference node services', { timeout: 180_000 }, () => {
  const services: RefServices[] = []
  const peers: PeerProcess[] = []
  const dataDirs: string[] = []

  afterAll(async () => {
    for (const peer of peers) {
      peer.closeSocket()
      peer.process.kill()
    }
    await Promise.all(services.map((s) => s.stop()))
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  const health = async (peer: PeerProcess) => (await fetch(`http://127.0.0.1:${peer.httpPort}/health`)).status
  const detail = async (peer: PeerProcess) =>
    (await (await fetch(`http://127.0.0.1:${peer.httpPort}/health?detail=1`)).json()) as Detail

  it('is healthy within 2 s of start on a quiet chain', async () => {
    for (let i = 0; i < 2; i++) {
      services.push(await startRefServices())
      dataDirs.push(await newDataDir())
    }
    const first = await startPeer('peer1', services[0] as RefServices, { dataDir: dataDirs[0] as string })
    peers.push(first)
    const started = Date.now()
    await waitFor(async () => (await health(first)) === 200, {
      timeoutMs: 2_000,
      intervalMs: 20,
      what: '/health 200 with subscriptions that have seen nothing yet',
    })
    console.log(
      `/health 200 ${Date.now() - started} ms after the node said it started, on a chain that sent nothing`,
    )
    const { upstreams } = await detail(first)
    for (const name of ['blockchain', 'validator']) {
      expect(upstreams[name]?.state).toBe('up')
      expect(upstreams[name]?.quietForMs).toBeTypeOf('number')
    }
    // The Go services saw our subscriptions (source p2pServer) and sent nothing on them yet.
    const open = await (services[0] as RefServices).subscribers()
    expect(open.blockchain.map((s) => s.source)).toContain('p2pServer')
    expect(open.validator.map((s) => s.source)).toContain('p2pServer')
  })

  it('turns a block into a header look-up, an announcement and BlockFound at the other node', async () => {
    const first = peers[0] as PeerProcess
    peers.push(
      await startPeer('peer2', services[1] as RefServices, {
        dataDir: dataDirs[1] as string,
        bootstrap: first.address,
      }),
    )
    const second = peers[1] as PeerProcess
    await waitFor(
      async () =>
        (await first.status()).peers.some((p) => p.id === second.peerId && p.topics.includes('block')),
      { ...WAIT, what: 'the two nodes to share the block topic' },
    )
    const mined = await (services[0] as RefServices).mine()
    await waitFor(
      async () =>
        (await (services[1] as RefServices).received()).blockFound.some(
          (c) => c.hash === mined.hash && c.baseUrl === first.assetUrl,
        ),
      { ...WAIT, what: "BlockFound at the second node's services" },
    )
    // The height came from GetBlockHeader: the Go service's notification carries only the hash.
    const notified = await waitFor(
      () => second.messages.find((m) => m.type === 'block' && m.hash === mined.hash),
      WAIT,
    )
    expect(notified.height).toBe(mined.height)
  })

  it('follows the Go services again after they are killed and restarted on the same ports', async () => {
    const first = peers[0] as PeerProcess
    const killed = services[0] as RefServices
    killed.kill()
    await killed.exited
    await waitFor(async () => (await health(first)) === 503, {
      ...WAIT,
      what: '/health 503 while the chain is gone',
    })
    const restarted = await startRefServices({ ports: killed.ports })
    services[0] = restarted
    await waitFor(
      async () => (await restarted.subscribers()).blockchain.some((s) => s.source === 'p2pServer'),
      { ...WAIT, what: 'our node to subscribe again' },
    )
    await waitFor(async () => (await health(first)) === 200, { ...WAIT, what: '/health 200 again' })
    const next = await restarted.mine()
    await waitFor(
      async () =>
        (await (services[1] as RefServices).received()).blockFound.some((c) => c.hash === next.hash),
      { ...WAIT, what: 'the next block at the other node after the restart' },
    )
  })
})
