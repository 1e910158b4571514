import type { Notification } from '@p2p/domain'
import { aBlockHeaderInfo, MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, hashOf, type TestNode } from '../test/test-node.js'

/**
 * Spec §2.4 and §2.6 across three nodes: what one node announces is handed to the *other*
 * nodes' block validation, and every node (the announcer included) notifies its websocket.
 */
describe('P2PService acts on what the network announces', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  async function threeNodes() {
    const hub = new MemoryNetworkHub()
    nodes = [createTestNode(hub), createTestNode(hub), createTestNode(hub)]
    for (const node of nodes) await node.start()
    return nodes as [TestNode, TestNode, TestNode]
  }

  const notified = (node: TestNode, type: Notification['type'], hash: string) =>
    node.sink.notifications.find((n) => n.type === type && 'hash' in n && n.hash === hash)

  it('hands a block from another peer to block validation, never our own, and notifies everyone', async () => {
    const [a, b, c] = await threeNodes()
    const hash = hashOf(0xb1)
    a.chain.setHeader(aBlockHeaderInfo({ hash, height: 4242 }))
    a.chain.emit({ kind: 'block', hash })
    for (const other of [b, c]) {
      const call = await waitFor(() => other.validator.callsOf('block').find((x) => x.hash === hash))
      expect(call).toEqual({ hash, baseUrl: a.dataHubUrl, peerId: a.peerId })
    }
    for (const node of [a, b, c]) {
      const notification = await waitFor(() => notified(node, 'block', hash), { what: 'block notification' })
      expect(notification).toMatchObject({
        type: 'block',
        hash,
        baseUrl: a.dataHubUrl,
        peerId: a.peerId,
        height: 4242,
      })
      expect(notification.timestampMs).toBe(node.clock.now())
    }
    expect(a.validator.callsOf('block').some((x) => x.hash === hash)).toBe(false)
    expect(b.metrics.count('handoff', { kind: 'block', outcome: 'ok' })).toBeGreaterThanOrEqual(1)
  })

  it('hands a subtree from another peer to block validation, never our own, and notifies everyone', async () => {
    const [a, b, c] = await threeNodes()
    const hash = hashOf(0x5b)
    b.chain.emit({ kind: 'subtree', hash })
    for (const other of [a, c]) {
      const call = await waitFor(() => other.validator.callsOf('subtree').find((x) => x.hash === hash))
      expect(call).toEqual({ hash, baseUrl: b.dataHubUrl, peerId: b.peerId })
    }
    for (const node of [a, b, c]) {
      expect(await waitFor(() => notified(node, 'subtree', hash))).toMatchObject({
        baseUrl: b.dataHubUrl,
        peerId: b.peerId,
      })
    }
    expect(b.validator.callsOf('subtree')).toHaveLength(0)
  })

  it('notifies mining-on everywhere with every field, and hands nothing to validation', async () => {
    const [a, b, c] = await threeNodes()
    const best = aBlockHeaderInfo({ height: 77, miner: '/pool/', sizeInBytes: 2n ** 62n, txCount: 12_345n })
    a.chain.setBestHeader(best)
    a.chain.emit({ kind: 'miningOn', hash: best.hash })
    for (const node of [a, b, c]) {
      const notification = await waitFor(() => notified(node, 'mining_on', best.hash))
      expect(notification).toMatchObject({
        type: 'mining_on',
        baseUrl: a.dataHubUrl,
        peerId: a.peerId,
        previousHash: best.previousHash,
        height: 77,
        miner: '/pool/',
        sizeInBytes: 2n ** 62n,
        txCount: 12_345n,
      })
    }
    // Every hand-off b and c made is accounted for by a best-block reply sent to them; a
    // mining-on hand-off would leave one over and this would never hold.
    const repliesTo = (node: TestNode) =>
      [a, b, c].flatMap((n) => n.network.sentDirect).filter((sent) => sent.to === node.peerId).length
    for (const node of [b, c]) {
      await waitFor(() => node.validator.calls.length === repliesTo(node), { what: 'hand-offs = replies' })
      expect(node.validator.callsOf('subtree')).toHaveLength(0)
    }
  })

  it('notifies rejected transactions everywhere, ours included', async () => {
    const [a, b, c] = await threeNodes()
    const txId = hashOf(0x7a)
    c.rejectedTxs.emit({ txId, reason: 'bad-txns-inputs-missingorspent' })
    for (const node of [a, b, c]) {
      expect(await waitFor(() => notified(node, 'rejected_tx', txId))).toMatchObject({
        type: 'rejected_tx',
        peerId: c.peerId,
        reason: 'bad-txns-inputs-missingorspent',
      })
    }
  })

  it('keeps notifications encodable as the websocket model', async () => {
    const [a, b] = await threeNodes()
    const hash = hashOf(0xe1)
    a.chain.setHeader(aBlockHeaderInfo({ hash, height: 1 }))
    a.chain.emit({ kind: 'block', hash })
    await waitFor(() => notified(b, 'block', hash))
    expect(b.sink.encodeFailures).toHaveLength(0)
    expect(b.sink.texts.find((text) => text.includes(hash))).toBe(
      `{"timestamp":"2024-01-01T00:00:00Z","type":"block","hash":"${hash}","base_url":"${a.dataHubUrl}","peer_id":"${a.peerId}","height":1}`,
    )
  })
})
