import {
  blockMessageCodec,
  type Hash,
  isP2PError,
  type PeerNetwork,
  TOPIC_KINDS,
  type TopicKind,
  type TopicMessages,
  unwrap,
} from '@p2p/domain'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { RecordingListener } from '../fakes/recording-listener.js'
import { aNodeStatusMessage } from '../mothers/node-status-mothers.js'

export interface PeerNetworkHarness {
  /** Networks that can reach each other once started; not started yet, no listener set. */
  create(count: number): Promise<PeerNetwork[]>
  /** Resolves once every started node in `nodes` has every other as a peer on every topic. */
  whenConnected(nodes: readonly PeerNetwork[]): Promise<void>
  /** Stops whatever the harness started. */
  cleanup(): Promise<void>
}

export interface PeerNetworkComplianceOptions {
  /** Per-wait deadline; real networks need longer than memory (default 5 s). */
  readonly timeoutMs?: number
}

const HASH = 'ab'.repeat(32) as Hash
const URL = 'http://node-a.example:8090/api/v1'

/** One valid message per topic kind, authored by `peerId`. */
function samples(peerId: string): { [K in TopicKind]: TopicMessages[K] } {
  return {
    bestBlock: { peerId },
    block: { hash: HASH, height: 812_345, dataHubUrl: URL, peerId },
    subtree: { hash: HASH, dataHubUrl: URL, peerId },
    miningOn: {
      hash: HASH,
      previousHash: 'cd'.repeat(32) as Hash,
      dataHubUrl: URL,
      peerId,
      height: 812_346,
      miner: '/a miner/',
      sizeInBytes: 2n ** 60n + 7n,
      txCount: 9_007_199_254_740_993n,
    },
    rejectedTx: { txId: HASH, reason: 'missing inputs', peerId },
    nodeStatus: aNodeStatusMessage({ peerId }),
  }
}

/**
 * The contract every PeerNetwork adapter keeps (the in-memory one and the libp2p one alike).
 * The service relies on each of these behaviours.
 */
export function describePeerNetworkCompliance(
  name: string,
  makeHarness: () => PeerNetworkHarness | Promise<PeerNetworkHarness>,
  options: PeerNetworkComplianceOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 5000
  const wait = <T>(what: string, condition: () => T) => waitFor(condition, { timeoutMs, what })

  describe(`PeerNetwork compliance: ${name}`, () => {
    let harness: PeerNetworkHarness | undefined

    afterEach(async () => {
      await harness?.cleanup()
      harness = undefined
    })

    async function started(count: number) {
      harness = await makeHarness()
      const nodes = await harness.create(count)
      const listeners = nodes.map((node) => {
        const listener = new RecordingListener()
        node.setListener(listener)
        return listener
      })
      for (const node of nodes) await node.start()
      await harness.whenConnected(nodes)
      return { nodes, listeners }
    }

    it('delivers a message on every topic to every peer and back to the publisher', async () => {
      const { nodes, listeners } = await started(3)
      const [a] = nodes as [PeerNetwork]
      const sent = samples(a.peerId)
      for (const kind of a.wire.kinds) await a.publish(kind, sent[kind] as never)
      for (const [i, listener] of listeners.entries()) {
        for (const kind of a.wire.kinds) {
          const got = await wait(`${kind} at node ${i}`, () => listener.gossipOf(kind)[0])
          expect(got.from).toBe(a.peerId)
          expect(unwrap(a.wire.decode(kind, got.data))).toEqual({ kind, message: sent[kind] })
        }
      }
    })

    it('refuses to publish a kind its wire does not carry, with not_carried', async () => {
      const { nodes } = await started(1)
      const [a] = nodes as [PeerNetwork]
      const missing = TOPIC_KINDS.filter((kind) => !a.wire.carries(kind))
      expect(missing.length + a.wire.kinds.length).toBe(TOPIC_KINDS.length)
      for (const kind of missing) {
        const error = await a.publish(kind, samples(a.peerId)[kind] as never).catch((e: unknown) => e)
        expect(error).toMatchObject({ code: 'not_carried' })
      }
    })

    it('lets the listener act on its verdicts only after giving them, every time', async () => {
      const { nodes, listeners } = await started(2)
      const [a] = nodes as [PeerNetwork]
      const sent = samples(a.peerId)
      for (const kind of a.wire.kinds) await a.publish(kind, sent[kind] as never)
      for (const [i, listener] of listeners.entries()) {
        await wait(`every message and an afterVerdicts after the last at node ${i}`, () => {
          const { calls } = listener
          return listener.gossipReceived.length >= a.wire.kinds.length && calls.at(-1) === 'afterVerdicts'
        })
        expect(listener.calls[0]).toBe('gossip')
      }
    })

    it('publishes with no peers at all and still delivers to its own listener', async () => {
      const { nodes, listeners } = await started(1)
      const [a] = nodes as [PeerNetwork]
      await a.publish('block', samples(a.peerId).block)
      const own = await wait('own block', () => listeners[0]?.gossipOf('block')[0])
      expect(own.from).toBe(a.peerId)
    })

    it('sends a direct message to one peer only', async () => {
      const { nodes, listeners } = await started(3)
      const [a, b] = nodes as [PeerNetwork, PeerNetwork]
      const reply = { ...samples(a.peerId).block, peerId: '' }
      await a.sendDirect(b.peerId, reply)
      const got = await wait('direct message at b', () => listeners[1]?.directReceived[0])
      expect(got.from).toBe(a.peerId)
      expect(unwrap(blockMessageCodec.decode(got.data))).toEqual(reply)
      expect(listeners[0]?.directReceived).toHaveLength(0)
      expect(listeners[2]?.directReceived).toHaveLength(0)
    })

    it('fails a direct message to a peer it cannot reach with a coded error', async () => {
      const { nodes } = await started(1)
      const [a] = nodes as [PeerNetwork]
      const unreachable = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
      const error = await a.sendDirect(unreachable, samples(a.peerId).block).catch((e: unknown) => e)
      expect(isP2PError(error)).toBe(true)
    })

    it('reports peers joining each topic and lists them', async () => {
      const { nodes, listeners } = await started(2)
      const [a, b] = nodes as [PeerNetwork, PeerNetwork]
      for (const kind of a.wire.kinds) {
        await wait(`${kind} join at a`, () =>
          listeners[0]?.joined.some((j) => j.kind === kind && j.peer === b.peerId),
        )
      }
      const listed = await wait('b in a.peers()', () => a.peers().find((p) => p.id === b.peerId))
      expect(listed.id).toBe(b.peerId)
    })

    it('rejects a publish or direct send whose signal is already aborted, with code stopped', async () => {
      const { nodes } = await started(2)
      const [a, b] = nodes as [PeerNetwork, PeerNetwork]
      const aborter = new AbortController()
      aborter.abort()
      const message = samples(a.peerId).block
      await expect(a.publish('block', message, aborter.signal)).rejects.toMatchObject({ code: 'stopped' })
      await expect(a.sendDirect(b.peerId, { ...message, peerId: '' }, aborter.signal)).rejects.toMatchObject({
        code: 'stopped',
      })
    })

    it('refuses to send before start and after stop, with code not_started', async () => {
      harness = await makeHarness()
      const [a] = (await harness.create(1)) as [PeerNetwork]
      a.setListener(new RecordingListener())
      const message = samples(a.peerId).block
      await expect(a.publish('block', message)).rejects.toMatchObject({ code: 'not_started' })
      await a.start()
      await a.stop()
      await expect(a.publish('block', message)).rejects.toMatchObject({ code: 'not_started' })
      await expect(a.sendDirect(a.peerId, message)).rejects.toMatchObject({ code: 'not_started' })
      await a.stop()
    })
  })
}
