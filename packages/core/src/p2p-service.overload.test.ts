import { type GossipVerdict, miningOnMessageCodec } from '@p2p/domain'
import { aMiningOnMessage, MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { payloads } from '../test/inject.js'
import { hashOf, ROGUE, ROGUE_HUB, type TestNode } from '../test/test-node.js'
import { useTestNodes } from '../test/test-nodes.js'

const OTHER = MemoryNetworkHub.peerIdFor(0x0be5)

describe('P2PService under overload', () => {
  const { lonely } = useTestNodes()
  const shed = (node: TestNode) => node.metrics.count('inputRejected', { code: 'overloaded' })
  const options = {
    overloadRateLimits: { subtree: { perSecond: 1, burst: 2 }, rejectedTx: { perSecond: 1, burst: 1 } },
  }

  it('takes all it may while the node keeps up', async () => {
    const { node, gossip } = await lonely(options)
    for (let i = 0; i < 10; i++) expect(await gossip('subtree', payloads.subtree())).toBe('accept')
    expect(shed(node)).toBe(0)
  })

  it('sheds each author’s subtrees past its overload rate, unpunished, and nothing else', async () => {
    const { node, gossip } = await lonely(options)
    node.load.set(true)
    const verdicts: GossipVerdict[] = []
    for (let i = 0; i < 5; i++) verdicts.push(await gossip('subtree', payloads.subtree()))
    expect(verdicts).toEqual(['accept', 'accept', 'ignore', 'ignore', 'ignore'])
    expect(shed(node)).toBe(3)
    // Shed messages are neither handed off nor notified; the two taken are.
    expect(node.sink.ofType('subtree')).toHaveLength(2)
    await waitFor(() => node.validator.calls.length === 2)
    // Not the sender's fault: no penalty, however long it goes on.
    for (let i = 0; i < 50; i++) await gossip('subtree', payloads.subtree())
    expect(node.reputation.penaltiesOf(ROGUE)).toEqual([])

    // Blocks, mining-on and best-block requests are never shed; another author has its own budget.
    expect(await gossip('block', payloads.block())).toBe('accept')
    const miningOn = miningOnMessageCodec.encodeBytes(
      aMiningOnMessage({ peerId: ROGUE, dataHubUrl: ROGUE_HUB }),
    )
    expect(await gossip('miningOn', miningOn)).toBe('accept')
    expect(await gossip('bestBlock', payloads.bestBlock())).toBe('accept')
    expect(await gossip('subtree', payloads.subtree({}, OTHER), OTHER)).toBe('accept')
    // Rejected transactions are shed too, on their own rate.
    expect([
      await gossip('rejectedTx', payloads.rejectedTx()),
      await gossip('rejectedTx', payloads.rejectedTx()),
    ]).toEqual(['accept', 'ignore'])
    // Our own announcements are never shed.
    for (let i = 0; i < 5; i++) {
      expect(
        await gossip('subtree', payloads.subtree({ hash: hashOf(0x5e1f + i) }, node.peerId), node.peerId),
      ).toBe('accept')
    }
  })

  it('takes everything again as soon as the node keeps up, with a fresh burst next time', async () => {
    const { node, gossip } = await lonely(options)
    node.load.set(true)
    for (let i = 0; i < 4; i++) await gossip('subtree', payloads.subtree())
    node.load.set(false)
    for (let i = 0; i < 10; i++) expect(await gossip('subtree', payloads.subtree())).toBe('accept')
    node.clock.advance(5_000)
    node.load.set(true)
    expect([
      await gossip('subtree', payloads.subtree()),
      await gossip('subtree', payloads.subtree()),
    ]).toEqual(['accept', 'accept'])
  })
})
