import { aBlockHeaderInfo, MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { FirstCallFails } from '../test/first-call-fails.js'
import { gossipTo, payloads } from '../test/inject.js'
import { serviceOn } from '../test/service-on.js'
import { createTestNode, hashOf, ROGUE, ROGUE_HUB, type TestNode } from '../test/test-node.js'
import { useTestNodes } from '../test/test-nodes.js'

const OTHER = MemoryNetworkHub.peerIdFor(0x07e5)
const OTHER_HUB = 'https://other.example/api/v1'

/** The same announcement, by anyone, within the window: handed off once, notified once. */
describe('P2PService suppresses replayed announcements', () => {
  const { lonely: lonelyNode, track } = useTestNodes()

  const duplicates = (node: TestNode) => node.metrics.count('inputRejected', { code: 'duplicate' })

  it('hands a block off and notifies it once, however many peers announce it', async () => {
    const { node, gossip } = await lonelyNode()
    const hash = hashOf(0xb1)
    expect(await gossip('block', payloads.block({ hash }))).toBe('accept')
    expect(await gossip('block', payloads.block({ hash, dataHubUrl: OTHER_HUB }, OTHER), OTHER)).toBe(
      'ignore',
    )
    expect(await gossip('block', payloads.block({ hash }))).toBe('ignore')
    await waitFor(() => node.validator.calls.length === 1)
    expect(node.sink.ofType('block')).toHaveLength(1)
    expect(duplicates(node)).toBe(2)
    expect(node.reputation.penalties).toEqual([])
  })

  it('lets nodes re-announce what they validated without anyone notifying or validating it twice', async () => {
    const hub = new MemoryNetworkHub()
    const nodes = track(createTestNode(hub), createTestNode(hub), createTestNode(hub))
    const [a, b] = nodes as [TestNode, TestNode, TestNode]
    for (const node of nodes) await node.start()
    const hash = hashOf(0xab)
    const header = aBlockHeaderInfo({ hash, height: 50 })
    a.chain.setHeader(header)
    a.chain.emit({ kind: 'block', hash })
    await waitFor(() => b.validator.callsOf('block').some((x) => x.hash === hash))
    // As the reference does, b's blockchain service announces the block it has just accepted.
    b.chain.setHeader(header)
    b.chain.emit({ kind: 'block', hash })
    await waitFor(() => nodes.every((node) => duplicates(node) >= 1), { what: 'b’s copy seen as a replay' })
    for (const node of nodes) {
      expect(node.sink.ofType('block').filter((n) => n.hash === hash)).toHaveLength(1)
      expect(node.validator.callsOf('block').filter((x) => x.hash === hash)).toHaveLength(node === a ? 0 : 1)
    }
  })

  it('scores a peer that repeats one announcement more than 50 times as spam, once per 50, as the reference does', async () => {
    const { node, gossip } = await lonelyNode()
    const data = payloads.subtree({ hash: hashOf(0x5a) })
    const verdicts: string[] = []
    for (let i = 0; i < 51; i++) verdicts.push(await gossip('subtree', data))
    expect(verdicts.slice(0, 50)).toEqual(['accept', ...Array(49).fill('ignore')])
    // The 51st is IGNOREd like any replay (gossipsub does not score it), and costs a ban score.
    expect(verdicts[50]).toBe('ignore')
    await waitFor(() => node.reputation.penalties.length === 1)
    expect(node.reputation.penalties[0]).toMatchObject({ peer: ROGUE, offence: 'spam' })
    expect(node.metrics.count('inputRejected', { code: 'repeated' })).toBe(1)
    expect(duplicates(node)).toBe(49)
    // Another peer's repeats of the same hash are its own count.
    expect(await gossip('subtree', payloads.subtree({ hash: hashOf(0x5a) }, OTHER), OTHER)).toBe('ignore')
    expect(node.reputation.penalties).toHaveLength(1)
  })

  it.each(['subtree', 'rejectedTx'] as const)('notifies a %s once', async (kind) => {
    const { node, gossip } = await lonelyNode()
    const data = kind === 'subtree' ? payloads.subtree({ hash: hashOf(5) }) : payloads.rejectedTx()
    expect(await gossip(kind, data)).toBe('accept')
    expect(await gossip(kind, data)).toBe('ignore')
    expect(node.sink.notifications).toHaveLength(1)
  })

  it('notifies mining-on once per node that mines on the block', async () => {
    const { node, gossip } = await lonelyNode()
    const best = aBlockHeaderInfo()
    const miningOn = (peerId: string) =>
      new TextEncoder().encode(
        JSON.stringify({
          Hash: best.hash,
          PreviousHash: best.previousHash,
          DataHubUrl: ROGUE_HUB,
          PeerId: peerId,
        }),
      )
    expect(await gossip('miningOn', miningOn(ROGUE))).toBe('accept')
    expect(await gossip('miningOn', miningOn(OTHER), OTHER)).toBe('accept')
    expect(await gossip('miningOn', miningOn(ROGUE))).toBe('ignore')
    expect(node.sink.ofType('mining_on').map((n) => n.peerId)).toEqual([ROGUE, OTHER])
  })

  it('notifies its own block once, and takes nobody else’s copy of it to block validation', async () => {
    const { node, gossip } = await lonelyNode()
    const hash = hashOf(0xa1)
    node.chain.setHeader(aBlockHeaderInfo({ hash, height: 9 }))
    node.chain.emit({ kind: 'block', hash })
    await waitFor(() => node.sink.ofType('block').length === 1, { what: 'our echo notified' })
    expect(await gossip('block', payloads.block({ hash }))).toBe('ignore')
    expect(node.validator.calls).toHaveLength(0)
    expect(node.sink.ofType('block')).toHaveLength(1)
  })

  it('does not notify its own block again when a peer announced it first', async () => {
    const { node, gossip } = await lonelyNode()
    const hash = hashOf(0xa2)
    expect(await gossip('block', payloads.block({ hash }))).toBe('accept')
    node.chain.setHeader(aBlockHeaderInfo({ hash, height: 9 }))
    node.chain.emit({ kind: 'block', hash })
    await waitFor(() => node.metrics.count('messagePublished', { kind: 'block' }) === 1)
    await waitFor(() => duplicates(node) === 1, { what: 'our echo taken for a replay' })
    expect(node.sink.ofType('block')).toHaveLength(1)
  })

  it('treats a block from a best-block reply as seen: handed off once, notified when gossip brings it', async () => {
    const { node, gossip, direct } = await lonelyNode()
    const hash = hashOf(0xd1)
    await direct(payloads.reply({ hash }))
    expect(await gossip('block', payloads.block({ hash, dataHubUrl: OTHER_HUB }, OTHER), OTHER)).toBe(
      'accept',
    )
    await direct(payloads.reply({ hash }), OTHER)
    await waitFor(() => node.validator.calls.length === 1)
    expect(node.validator.calls[0]?.announcement).toEqual({ hash, baseUrl: ROGUE_HUB, peerId: ROGUE })
    expect(node.sink.ofType('block')).toHaveLength(1)
    expect(duplicates(node)).toBe(1)
  })

  it('forgets an announcement after seenTtlMs', async () => {
    const { node, gossip } = await lonelyNode({ seenTtlMs: 1000 })
    const data = payloads.block({ hash: hashOf(0xc1) })
    expect(await gossip('block', data)).toBe('accept')
    node.clock.advance(999)
    expect(await gossip('block', data)).toBe('ignore')
    node.clock.advance(1)
    expect(await gossip('block', data)).toBe('accept')
    await waitFor(() => node.validator.calls.length === 2)
  })

  it('tries the next announcer when block validation could not use the first one’s URL', async () => {
    const validator = new FirstCallFails()
    const { hub, network, service } = await serviceOn({ validator })
    await service.start()
    const gossip = gossipTo(hub, network.peerId)
    const hash = hashOf(0xf1)
    expect(await gossip('subtree', payloads.subtree({ hash }))).toBe('accept')
    // Recorded while the first hand-off runs, not handed off alongside it.
    expect(await gossip('subtree', payloads.subtree({ hash, dataHubUrl: OTHER_HUB }, OTHER), OTHER)).toBe(
      'ignore',
    )
    expect(validator.calls).toHaveLength(1)
    validator.failFirst()
    await waitFor(() => validator.calls.length === 2, { what: 'the fallback hand-off' })
    expect(validator.calls.map((c) => c.announcement)).toEqual([
      { hash, baseUrl: ROGUE_HUB, peerId: ROGUE },
      { hash, baseUrl: OTHER_HUB, peerId: OTHER },
    ])
    await service.stop()
  })

  it('hands off to the next peer to announce when a hand-off failed before anyone else had', async () => {
    const { node, gossip } = await lonelyNode()
    const hash = hashOf(0xf2)
    node.validator.failNext(1, 'upstream_failed')
    expect(await gossip('block', payloads.block({ hash }))).toBe('accept')
    await waitFor(() => node.metrics.count('handoff', { outcome: 'failed' }) === 1)
    expect(await gossip('block', payloads.block({ hash }))).toBe('ignore')
    expect(await gossip('block', payloads.block({ hash, dataHubUrl: OTHER_HUB }, OTHER), OTHER)).toBe(
      'accept',
    )
    await waitFor(() => node.validator.calls.length === 2)
    expect(node.sink.ofType('block')).toHaveLength(1)
  })

  it('remembers at most seenMaxEntries hashes per kind, forgetting the oldest', async () => {
    const { gossip } = await lonelyNode({ seenMaxEntries: 2 })
    const data = [1, 2, 3].map(() => payloads.rejectedTx())
    for (const payload of data) expect(await gossip('rejectedTx', payload)).toBe('accept')
    // The first was forgotten to make room, so it counts as new again; the last is still known.
    expect(await gossip('rejectedTx', data[0] as Uint8Array)).toBe('accept')
    expect(await gossip('rejectedTx', data[2] as Uint8Array)).toBe('ignore')
  })
})
