import { rm } from 'node:fs/promises'
import { SPEC2024_KINDS, TERANODE_KINDS } from '@p2p/domain'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type DevServicesProcess,
  newDataDir,
  type PeerProcess,
  startDevServices,
  startPeer,
  type WireProfileName,
} from './peers.js'

// The docker-compose topology, as real processes on 127.0.0.1: three apps/p2p nodes, each beside
// its own dev node services; peers 2 and 3 know only peer 1. The steps build on each other. The
// same topology runs on both wire profiles: the spec's (peers 2 and 3 meet through the private
// DHT) and today's networks' (no DHT: they meet through the address exchange).
const WAIT = { timeoutMs: 60_000 }

interface ValidatorCall {
  readonly kind: string
  readonly hash: string
  readonly baseUrl: string
}

const validatorCalls = async (services: DevServicesProcess) =>
  ((await services.control('/status')).validatorCalls ?? []) as ValidatorCall[]

describe.each<WireProfileName>(['spec2024', 'teranode'])(
  'three peers in separate processes (%s)',
  {
    timeout: 240_000,
  },
  (profile) => {
    const teranode = profile === 'teranode'
    const kinds: readonly string[] = teranode ? TERANODE_KINDS : SPEC2024_KINDS

    const services: DevServicesProcess[] = []
    const peers: PeerProcess[] = []
    const dataDirs: string[] = []

    afterAll(async () => {
      for (const peer of peers) {
        peer.closeSocket()
        peer.process.kill()
      }
      for (const s of services) s.process.kill()
      await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
    })

    const peer = (i: number) => peers[i] as PeerProcess
    const servicesOf = (i: number) => services[i] as DevServicesProcess
    const sees = async (from: PeerProcess, to: PeerProcess) =>
      (await from.status()).peers.some(
        (p) => p.id === to.peerId && kinds.every((kind) => p.topics.includes(kind)),
      )

    const start = (i: number, dataDir: string) =>
      startPeer(`peer${i + 1}`, servicesOf(i), {
        dataDir,
        profile,
        ...(i === 0 ? {} : { bootstrap: peer(0).address }),
      })

    it(`starts three nodes; peers 2 and 3 know only peer 1 and find each other through ${teranode ? 'the address exchange' : 'the DHT'}`, async () => {
      for (let i = 0; i < 3; i++) services.push(await startDevServices())
      for (let i = 0; i < 3; i++) dataDirs.push(await newDataDir())
      for (let i = 0; i < 3; i++) peers.push(await start(i, dataDirs[i] as string))
      await waitFor(() => sees(peer(1), peer(2)), { ...WAIT, what: 'peer 2 to find peer 3' })
      await waitFor(() => sees(peer(2), peer(1)), { ...WAIT, what: 'peer 3 to find peer 2' })
      for (const [a, b] of [
        [0, 1],
        [0, 2],
        [1, 0],
        [2, 0],
      ] as const) {
        await waitFor(() => sees(peer(a), peer(b)), {
          ...WAIT,
          what: `peer ${a + 1} to see peer ${b + 1} on every topic`,
        })
      }
    })

    // What each profile adds at start: today's networks' statuses, the spec's best-block requests.
    if (teranode) {
      it("every node's status reaches every node's websocket, its own included", async () => {
        for (const p of peers) {
          for (const [i, other] of peers.entries()) {
            const status = await waitFor(
              () => p.messages.find((m) => m.type === 'node_status' && m.peer_id === other.peerId),
              { ...WAIT, what: `peer ${i + 1}'s status` },
            )
            expect(status).toMatchObject({ client_name: `peer${i + 1}`, listen_mode: 'full' })
            expect(status.best_height).toEqual(expect.any(Number))
          }
        }
      })
    } else {
      it('peer 3, started last, asked for the best block and handed both replies to its block validation', async () => {
        const best1 = ((await servicesOf(0).control('/status')).best as { hash: string }).hash
        const best2 = ((await servicesOf(1).control('/status')).best as { hash: string }).hash
        await waitFor(
          async () => {
            const calls = await validatorCalls(servicesOf(2))
            return [best1, best2].every((hash) => calls.some((c) => c.kind === 'block' && c.hash === hash))
          },
          { ...WAIT, what: "peer 3's block validation to get both best blocks" },
        )
      })
    }

    it(`a block${teranode ? '' : ' and its mining-on'} on peer 1 reach validation at peers 2 and 3 and every websocket`, async () => {
      const mined = (await servicesOf(0).control('/mine', 'POST')) as { hash: string; height: number }
      for (const i of [1, 2]) {
        await waitFor(
          async () =>
            (await validatorCalls(servicesOf(i))).some(
              (c) => c.kind === 'block' && c.hash === mined.hash && c.baseUrl === peer(0).assetUrl,
            ),
          { ...WAIT, what: `BlockFound at peer ${i + 1}` },
        )
      }
      expect((await validatorCalls(servicesOf(0))).some((c) => c.hash === mined.hash)).toBe(false)
      for (const p of peers) {
        await waitFor(() => p.messages.some((m) => m.type === 'block' && m.hash === mined.hash), WAIT)
        // Today's networks have no mining-on topic: the chain's event is not announced.
        if (teranode) {
          expect(p.messages.some((m) => m.type === 'mining_on')).toBe(false)
          continue
        }
        const miningOn = await waitFor(
          () => p.messages.find((m) => m.type === 'mining_on' && m.hash === mined.hash),
          WAIT,
        )
        expect(miningOn).toMatchObject({
          height: mined.height,
          miner: '/simulated/',
          peer_id: peer(0).peerId,
        })
        expect(Number(miningOn.tx_count)).toBeGreaterThan(0)
        expect(Number(miningOn.size_in_bytes)).toBeGreaterThan(0)
      }
    })

    it('a subtree on peer 1 reaches SubtreeFound at peers 2 and 3 and every websocket', async () => {
      const subtree = (await servicesOf(0).control('/subtree', 'POST')) as { hash: string }
      for (const i of [1, 2]) {
        await waitFor(
          async () =>
            (await validatorCalls(servicesOf(i))).some(
              (c) => c.kind === 'subtree' && c.hash === subtree.hash,
            ),
          { ...WAIT, what: `SubtreeFound at peer ${i + 1}` },
        )
      }
      for (const p of peers)
        await waitFor(() => p.messages.some((m) => m.type === 'subtree' && m.hash === subtree.hash), WAIT)
    })

    it("a rejected transaction on peer 1's validator is announced to peers 2 and 3", async () => {
      const rejected = (await servicesOf(0).control('/reject', 'POST')) as { txId: string; reason: string }
      for (const p of [peer(1), peer(2)]) {
        const got = await waitFor(
          () => p.messages.find((m) => m.type === 'rejected_tx' && m.hash === rejected.txId),
          WAIT,
        )
        expect(got).toMatchObject({ reason: rejected.reason, peer_id: peer(0).peerId })
      }
    })

    it('peer 2 killed and restarted on its data directory comes back with the same id and gets the next block', async () => {
      const before = peer(1)
      before.closeSocket()
      before.process.kill()
      await before.process.exited
      const again = await start(1, before.dataDir)
      peers[1] = again
      expect(again.peerId).toBe(before.peerId)
      await waitFor(() => sees(peer(0), again), {
        timeoutMs: 10_000,
        what: 'peer 1 to see peer 2 back in the mesh within 10 s',
      })
      const mined = (await servicesOf(0).control('/mine', 'POST')) as { hash: string }
      await waitFor(async () => (await validatorCalls(servicesOf(1))).some((c) => c.hash === mined.hash), {
        ...WAIT,
        what: 'the next block at the restarted peer 2',
      })
    })

    it('every process exits 0 within 5 s of SIGTERM', async () => {
      for (const p of peers) p.closeSocket()
      const exits = await Promise.all([
        ...peers.map((p) => p.process.terminate()),
        ...services.map((s) => s.process.terminate()),
      ])
      for (const exit of exits) {
        expect(exit.code).toBe(0)
        expect(exit.ms).toBeLessThan(5_000)
      }
    })
  },
)
