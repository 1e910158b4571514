import {
  blockMessageCodec,
  miningOnMessageCodec,
  rejectedTxMessageCodec,
  spec2024WireFormat,
  subtreeMessageCodec,
  unwrap,
} from '@p2p/domain'
import { aBlockHeaderInfo, MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, hashOf, type TestNode } from '../test/test-node.js'

/** Spec §2.4 and §2.5: our node's own events are announced on the right topics. */
describe('P2PService announces our chain and validator events', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  async function twoNodes() {
    const hub = new MemoryNetworkHub()
    nodes = [createTestNode(hub), createTestNode(hub)]
    for (const node of nodes) await node.start()
    return nodes as [TestNode, TestNode]
  }

  const lastPublished = (node: TestNode, kind: string) =>
    node.network.published.filter((p) => p.kind === kind).at(-1)

  it('announces a block with the height from the header look-up, our peer id and data hub URL', async () => {
    const [a, b] = await twoNodes()
    const hash = hashOf(0xb10c)
    a.chain.setHeader(aBlockHeaderInfo({ hash, height: 812_000 }))
    a.chain.emit({ kind: 'block', hash })
    const sent = await waitFor(() => lastPublished(a, 'block'), { what: 'block published' })
    expect(unwrap(blockMessageCodec.decode(sent.data))).toEqual({
      hash,
      height: 812_000,
      dataHubUrl: a.dataHubUrl,
      peerId: a.peerId,
    })
    expect(a.chain.lookups).toContainEqual({ kind: 'header', hash })
    // ...and it arrives at the other node on the block topic.
    await waitFor(() => b.validator.callsOf('block').some((call) => call.hash === hash), {
      what: 'block handed off at b',
    })
  })

  it('announces a subtree as it is, with no look-up', async () => {
    const [a] = await twoNodes()
    const hash = hashOf(0x5ab)
    a.chain.emit({ kind: 'subtree', hash })
    const sent = await waitFor(() => lastPublished(a, 'subtree'))
    expect(unwrap(subtreeMessageCodec.decode(sent.data))).toEqual({
      hash,
      dataHubUrl: a.dataHubUrl,
      peerId: a.peerId,
    })
    expect(a.chain.lookups).toHaveLength(0)
  })

  it('fills mining-on from the best block header, uint64 values intact', async () => {
    const [a] = await twoNodes()
    const best = aBlockHeaderInfo({
      height: 900_001,
      miner: '/TAAL/',
      sizeInBytes: 18_446_744_073_709_551_615n,
      txCount: 9_007_199_254_740_993n,
    })
    a.chain.setBestHeader(best)
    a.chain.emit({ kind: 'miningOn', hash: hashOf(1) })
    const sent = await waitFor(() => lastPublished(a, 'miningOn'))
    expect(unwrap(miningOnMessageCodec.decode(sent.data))).toEqual({
      hash: best.hash,
      previousHash: best.previousHash,
      dataHubUrl: a.dataHubUrl,
      peerId: a.peerId,
      height: 900_001,
      miner: '/TAAL/',
      sizeInBytes: 18_446_744_073_709_551_615n,
      txCount: 9_007_199_254_740_993n,
    })
    expect(a.chain.lookups).toContainEqual({ kind: 'best' })
  })

  it('makes a miner text from the coinbase printable before announcing it', async () => {
    const [a] = await twoNodes()
    a.chain.setBestHeader(aBlockHeaderInfo({ miner: 'pool\u0000name\n' }))
    a.chain.emit({ kind: 'miningOn', hash: hashOf(2) })
    const sent = await waitFor(() => lastPublished(a, 'miningOn'))
    expect(unwrap(miningOnMessageCodec.decode(sent.data)).miner).toBe('pool name ')
  })

  it('announces rejected transactions with a printable, bounded reason', async () => {
    const [a] = await twoNodes()
    const txId = hashOf(0x7e)
    a.rejectedTxs.emit({ txId, reason: `double spend\n${'x'.repeat(5000)}` })
    const sent = await waitFor(() => lastPublished(a, 'rejectedTx'))
    const message = unwrap(rejectedTxMessageCodec.decode(sent.data))
    expect(message.txId).toBe(txId)
    expect(message.peerId).toBe(a.peerId)
    expect(message.reason.startsWith('double spend x')).toBe(true)
    expect(message.reason).toHaveLength(1024)
  })

  it('announces events one at a time, in the order they came', async () => {
    const [a] = await twoNodes()
    const hashes = [1, 2, 3, 4, 5].map((n) => hashOf(0x1000 + n))
    for (const [i, hash] of hashes.entries()) a.chain.setHeader(aBlockHeaderInfo({ hash, height: 10 + i }))
    for (const hash of hashes) a.chain.emit({ kind: 'block', hash })
    await waitFor(() => a.network.published.filter((p) => p.kind === 'block').length === 5)
    const heights = a.network.published
      .filter((p) => p.kind === 'block')
      .map((p) => unwrap(spec2024WireFormat.decode('block', p.data)).message)
      .map((m) => ('height' in m ? m.height : -1))
    expect(heights).toEqual([10, 11, 12, 13, 14])
    expect(a.metrics.count('messagePublished', { kind: 'block' })).toBe(5)
  })
})
