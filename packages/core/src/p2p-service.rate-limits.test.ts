import type { GossipVerdict } from '@p2p/domain'
import { MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { payloads } from '../test/inject.js'
import { hashOf, ROGUE, type TestNode } from '../test/test-node.js'
import { useTestNodes } from '../test/test-nodes.js'

const OTHER = MemoryNetworkHub.peerIdFor(0x07e5)

describe('P2PService rate limits', () => {
  const { lonely: lonelyNode } = useTestNodes()

  const limited = (node: TestNode) => node.metrics.count('inputRejected', { code: 'rate_limited' })
  const spam = (node: TestNode) => node.reputation.penaltiesOf(ROGUE, 'spam').length

  it('ignores gossip over an author’s rate for the topic, and reports spam only once it goes on', async () => {
    const { node, gossip } = await lonelyNode({
      gossipRateLimits: { subtree: { perSecond: 1, burst: 2, spamAfter: 3 } },
    })
    const verdicts: GossipVerdict[] = []
    for (let i = 0; i < 5; i++) verdicts.push(await gossip('subtree', payloads.subtree()))
    expect(verdicts).toEqual(['accept', 'accept', 'ignore', 'ignore', 'ignore'])
    expect(limited(node)).toBe(3)
    expect(spam(node)).toBe(1)
    expect(node.sink.ofType('subtree')).toHaveLength(2)
    await waitFor(() => node.validator.calls.length === 2)

    // Another author, another topic: their own budgets.
    expect(await gossip('subtree', payloads.subtree({}, OTHER), OTHER)).toBe('accept')
    expect(await gossip('block', payloads.block())).toBe('accept')
    // Time refills the bucket.
    node.clock.advance(1000)
    expect(await gossip('subtree', payloads.subtree())).toBe('accept')
  })

  it('lets a block burst of 40 from one author through by default, and not the 41st', async () => {
    const { node, gossip } = await lonelyNode()
    const verdicts: GossipVerdict[] = []
    for (let i = 0; i < 41; i++)
      verdicts.push(await gossip('block', payloads.block({ hash: hashOf(0x1000 + i) })))
    expect(verdicts.filter((v) => v === 'accept')).toHaveLength(40)
    expect(verdicts.at(-1)).toBe('ignore')
    expect(spam(node)).toBe(0)
  })

  it('never limits our own messages', async () => {
    const { node, gossip } = await lonelyNode({
      gossipRateLimits: { subtree: { perSecond: 1, burst: 1, spamAfter: 1 } },
    })
    for (let i = 0; i < 5; i++) {
      expect(await gossip('subtree', payloads.subtree({}, node.peerId), node.peerId)).toBe('accept')
    }
    expect(limited(node)).toBe(0)
  })

  it('answers two best-block requests per peer at once, then one per 10 s, and reports a sustained excess', async () => {
    const { node, gossip } = await lonelyNode()
    const ask = () => gossip('bestBlock', payloads.bestBlock())
    expect([await ask(), await ask(), await ask()]).toEqual(['accept', 'accept', 'ignore'])
    expect(node.metrics.callsOf('inputRejected')).toEqual([
      { metric: 'inputRejected', source: 'bestBlock', code: 'rate_limited' },
    ])
    node.clock.advance(10_000)
    expect(await ask()).toBe('accept')
    expect(spam(node)).toBe(0)
    // Ten unanswered asks in a row (within the topic's own rate) make spam.
    for (let i = 0; i < 10; i++) {
      node.clock.advance(500)
      await ask()
    }
    expect(spam(node)).toBe(1)
    expect(await gossip('bestBlock', payloads.bestBlock(OTHER), OTHER)).toBe('accept')
  })

  it('publishes our own rejected transactions at most at rejectedTxPublishRate, counting the rest', async () => {
    const { node } = await lonelyNode({ rejectedTxPublishRate: { perSecond: 1, burst: 2 } })
    for (let i = 0; i < 5; i++) node.rejectedTxs.emit({ txId: hashOf(0x700 + i), reason: 'double spend' })
    await waitFor(() => node.metrics.count('messagePublished', { kind: 'rejectedTx' }) === 2)
    expect(node.metrics.callsOf('publishFailed')).toEqual(
      Array.from({ length: 3 }, () => ({
        metric: 'publishFailed',
        kind: 'rejectedTx',
        code: 'rate_limited',
      })),
    )
    // A flood warns once per interval, with how many were held back in between.
    expect(node.logger.filter('warn')).toHaveLength(1)
    node.clock.advance(1000)
    node.rejectedTxs.emit({ txId: hashOf(0x7ff), reason: 'double spend' })
    await waitFor(() => node.metrics.count('messagePublished', { kind: 'rejectedTx' }) === 3)
  })
})
