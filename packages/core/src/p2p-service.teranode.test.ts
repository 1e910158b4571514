import { teranodeWireFormat, unwrap } from '@p2p/domain'
import { aNodeStatusMessage, MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, hashOf, ROGUE, type TestNode } from '../test/test-node.js'
import type { P2PServiceOptionsInput } from './options.js'

/**
 * The same service on the teranode profile's wire: four topics in envelopes, node statuses, no
 * mining-on and no best-block requests. Nothing in the core is told which profile runs; the
 * network's wire format decides what exists.
 */
describe('P2PService on the teranode wire', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  const wire = teranodeWireFormat({ clientName: 'teranode-p2p-ts' })

  async function twoNodes(options: Partial<P2PServiceOptionsInput> = {}) {
    const hub = new MemoryNetworkHub({ wire })
    nodes = [createTestNode(hub, options), createTestNode(hub)]
    for (const node of nodes) await node.start()
    return { hub, nodes: nodes as [TestNode, TestNode] }
  }

  const published = (node: TestNode, kind: string) => node.network.published.filter((p) => p.kind === kind)

  it('announces subtrees and blocks in envelopes that the other node hands off and notifies', async () => {
    const { nodes } = await twoNodes()
    const [a, b] = nodes
    a.chain.emit({ kind: 'subtree', hash: hashOf(0x5b) })
    const sent = await waitFor(() => published(a, 'subtree')[0], { what: 'subtree published' })
    expect(JSON.parse(new TextDecoder().decode(sent.data))).toMatchObject({ name: 'teranode-p2p-ts' })
    expect(unwrap(wire.decode('subtree', sent.data)).message).toMatchObject({
      hash: hashOf(0x5b),
      peerId: a.peerId,
      clientName: 'teranode-p2p-ts',
      dataHubUrl: a.dataHubUrl,
    })
    const handedOff = await waitFor(() => b.validator.callsOf('subtree')[0], { what: 'subtree handed off' })
    expect(handedOff).toEqual({ hash: hashOf(0x5b), baseUrl: a.dataHubUrl, peerId: a.peerId })
    expect(b.sink.ofType('subtree').map((n) => n.hash)).toEqual([hashOf(0x5b)])
  })

  it('has no mining-on and no best-block requests on this wire', async () => {
    const { nodes } = await twoNodes()
    const [a] = nodes
    a.chain.emit({ kind: 'miningOn', hash: a.best.hash })
    a.chain.emit({ kind: 'subtree', hash: hashOf(1) })
    await waitFor(() => published(a, 'subtree')[0], { what: 'the subtree after it' })
    expect(published(a, 'miningOn')).toEqual([])
    expect(published(a, 'bestBlock')).toEqual([])
    expect(a.metrics.count('publishFailed')).toBe(0)
  })

  it('says how each node is at start, every interval and after a new block, and keeps them all', async () => {
    const { nodes } = await twoNodes({ version: '1.2.3', clientName: 'node-a' })
    const [a, b] = nodes
    const statusesOf = (node: TestNode) =>
      published(node, 'nodeStatus').flatMap((p) => {
        const decoded = unwrap(wire.decode('nodeStatus', p.data))
        return decoded.kind === 'nodeStatus' ? [decoded.message] : []
      })
    const first = await waitFor(() => statusesOf(a)[0], { what: "a's first status" })
    expect(first).toMatchObject({
      peerId: a.peerId,
      clientName: 'node-a',
      version: '1.2.3',
      baseUrl: a.dataHubUrl,
      bestBlockHash: a.best.hash,
      bestHeight: a.best.height,
      txCount: a.best.txCount,
      minerName: a.best.miner,
      listenMode: 'full',
    })
    a.clock.advance(10_000)
    await waitFor(() => statusesOf(a).length === 2, { what: 'the status after 10 s' })
    // b had not started when a first spoke; now a counts it.
    expect(statusesOf(a)[1]?.connectedPeersCount).toBe(1)
    // Both nodes know both statuses, their own included.
    for (const node of [a, b]) {
      await waitFor(() => node.service.nodeStatuses().length === 2, { what: 'two statuses known' })
      expect(
        node.service
          .nodeStatuses()
          .map((known) => known.status.peerId)
          .sort(),
      ).toEqual([a.peerId, b.peerId].sort())
    }
    a.chain.emit({ kind: 'block', hash: a.best.hash })
    await waitFor(() => statusesOf(a).length === 3, { what: 'the status after a block' })
    expect(statusesOf(a)[2]?.uptime).toBe(10)
  })

  it('tells websocket clients of every status it keeps, its own included, and counts them', async () => {
    const { hub, nodes } = await twoNodes()
    const [, b] = nodes
    const status = unwrap(wire.create('nodeStatus', aNodeStatusMessage({ peerId: ROGUE, version: '9.9.9' })))
    const verdict = await hub.injectGossip(b.peerId, {
      kind: 'nodeStatus',
      from: ROGUE,
      data: wire.encode('nodeStatus', status),
    })
    expect(verdict).toBe('accept')
    const told = await waitFor(() => b.sink.ofType('node_status').find((n) => n.status.peerId === ROGUE), {
      what: "the rogue's status told to clients",
    })
    expect(told).toEqual({ type: 'node_status', timestampMs: b.clock.now(), status })
    await waitFor(() => b.sink.ofType('node_status').some((n) => n.status.peerId === b.peerId), {
      what: "b's own status told to clients",
    })
    expect(b.metrics.count('notified', { type: 'node_status' })).toBe(b.sink.ofType('node_status').length)
    expect(b.sink.encodeFailures).toEqual([])
  })

  it('refuses a status that speaks for another node, and holds it against the sender', async () => {
    const { hub, nodes } = await twoNodes()
    const [a, b] = nodes
    const spoofed = wire.encode(
      'nodeStatus',
      unwrap(wire.create('nodeStatus', aNodeStatusMessage({ peerId: a.peerId }))),
    )
    const verdict = await hub.injectGossip(b.peerId, { kind: 'nodeStatus', from: ROGUE, data: spoofed })
    expect(verdict).toBe('reject')
    expect(b.reputation.penaltiesOf(ROGUE, 'protocol_violation')).toHaveLength(1)
    expect(
      b.service.nodeStatuses().some((known) => known.status.version !== '' && known.status.peerId === ROGUE),
    ).toBe(false)
  })

  it('announces nothing of its own but its status when listen-only, and not even that when silent', async () => {
    const { nodes } = await twoNodes({ listenMode: 'listen_only' })
    const [a, b] = nodes
    const status = await waitFor(() => published(a, 'nodeStatus')[0], { what: "a's status" })
    expect(unwrap(wire.decode('nodeStatus', status.data)).message).toMatchObject({
      listenMode: 'listen_only',
      baseUrl: '',
      propagationUrl: '',
    })
    a.chain.emit({ kind: 'subtree', hash: hashOf(2) })
    a.rejectedTxs.emit({ txId: hashOf(3), reason: 'fee too low' })
    b.chain.emit({ kind: 'subtree', hash: hashOf(4) })
    // What b announces still reaches a: listening is all a gave up.
    await waitFor(() => a.sink.ofType('subtree')[0], { what: "b's subtree at a" })
    expect(published(a, 'subtree')).toEqual([])
    expect(published(a, 'rejectedTx')).toEqual([])

    const silentHub = new MemoryNetworkHub({ wire })
    const silent = createTestNode(silentHub, { listenMode: 'silent' })
    nodes.push(silent)
    await silent.start()
    silent.clock.advance(60_000)
    silent.chain.emit({ kind: 'block', hash: silent.best.hash })
    expect(silent.network.published).toEqual([])
  })

  it('sends nothing but its status while its blockchain service is not up, with the start-up rule on', async () => {
    const { nodes } = await twoNodes({ statusOnlyUntilChainUp: true })
    const [a] = nodes
    a.chain.setUnavailable(true, 'catching up')
    a.clock.advance(10_000)
    await waitFor(() => published(a, 'nodeStatus').length >= 2, { what: 'a status while the chain is down' })
    a.rejectedTxs.emit({ txId: hashOf(7), reason: 'fee too low' })
    await waitFor(
      () => a.metrics.count('publishFailed', { kind: 'rejectedTx', code: 'upstream_unavailable' }) === 1,
      {
        what: 'the held-back rejection counted',
      },
    )
    expect(published(a, 'rejectedTx')).toEqual([])
    a.chain.setUnavailable(false)
    a.rejectedTxs.emit({ txId: hashOf(8), reason: 'fee too low' })
    await waitFor(() => published(a, 'rejectedTx').length === 1, {
      what: 'the rejection once the chain is up',
    })
  })
})
