import { TRACE_STAGES } from '@p2p/domain'
import { MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, hashOf, type TestNode } from '../test/test-node.js'

/** The stages a sampled message passed at one node, in the order they were passed. */
const stagesOf = (node: TestNode, hash: string) => {
  const stages = node.trace.messagesTraced().find((m) => m.hash === hash)?.stages ?? {}
  return TRACE_STAGES.filter((stage) => stages[stage] !== undefined).sort(
    (x, y) => (stages[x] as number) - (stages[y] as number),
  )
}

/** Issue 16: where a message's time goes, stage by stage, at the node that announces it and at the others. */
describe('P2PService traces sampled messages through its stages', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  async function twoNodes(): Promise<[TestNode, TestNode]> {
    const hub = new MemoryNetworkHub()
    nodes = [createTestNode(hub), createTestNode(hub)]
    for (const node of nodes) await node.start()
    return nodes as [TestNode, TestNode]
  }

  it('at the announcer: chain event, announce, publish, then its own echo judged and notified', async () => {
    const [a, b] = await twoNodes()
    const hash = hashOf(0x5b7)
    a.chain.emit({ kind: 'subtree', hash })
    await waitFor(() => b.validator.calls.some((call) => call.announcement.hash === hash), {
      what: 'the subtree handed off at b',
    })
    await waitFor(() => stagesOf(a, hash).includes('notified'), { what: "a's echo notified" })
    expect(stagesOf(a, hash)).toEqual([
      'chainEvent',
      'announcing',
      'published',
      'received',
      'verdict',
      'notified',
    ])
    await waitFor(() => stagesOf(b, hash).includes('handoffDone'), { what: "b's hand-off done" })
    // The hand-off starts off the relay path, after the verdict; the notification too.
    const atB = stagesOf(b, hash)
    expect(atB.slice(0, 2)).toEqual(['received', 'verdict'])
    expect(new Set(atB)).toEqual(new Set(['received', 'verdict', 'notified', 'handoffStart', 'handoffDone']))
    expect(atB.indexOf('handoffStart')).toBeLessThan(atB.indexOf('handoffDone'))
  })

  it('keeps the first pass of each stage when the same hash is announced again', async () => {
    const [a, b] = await twoNodes()
    const hash = hashOf(0x5b8)
    a.chain.emit({ kind: 'subtree', hash })
    a.chain.emit({ kind: 'subtree', hash })
    await waitFor(() => stagesOf(b, hash).includes('handoffDone'), { what: "b's hand-off done" })
    const first = b.trace.messagesTraced().find((m) => m.hash === hash)?.stages.received
    await waitFor(() => a.network.published.filter((p) => p.kind === 'subtree').length === 2, {
      what: 'the second announcement',
    })
    expect(b.trace.messagesTraced().find((m) => m.hash === hash)?.stages.received).toBe(first)
  })
})
