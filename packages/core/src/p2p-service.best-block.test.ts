import { bestBlockMessageCodec, blockMessageCodec, unwrap } from '@p2p/domain'
import { MemoryNetworkHub, nextTick, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, type TestNode } from '../test/test-node.js'

/** Spec §2.3: the best-block request, its reply over the direct stream, and acting on the reply. */
describe('P2PService best-block exchange', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  const requests = (node: TestNode) => node.network.published.filter((p) => p.kind === 'bestBlock')

  it('asks for the best block on start', async () => {
    const hub = new MemoryNetworkHub()
    const a = createTestNode(hub)
    nodes = [a]
    await a.start()
    const sent = await waitFor(() => requests(a)[0])
    expect(unwrap(bestBlockMessageCodec.decode(sent.data))).toEqual({ peerId: a.peerId })
  })

  it('answers a peer’s request with our best block over the direct stream, and never its own', async () => {
    const hub = new MemoryNetworkHub()
    const [a, b] = [createTestNode(hub), createTestNode(hub)]
    nodes = [a, b]
    await a.start()
    await b.start()
    // b's start-up request reaches a; a answers b directly with an empty PeerId, as the reference does.
    const reply = await waitFor(() => a.network.sentDirect.find((s) => s.to === b.peerId))
    expect(reply.message).toEqual({
      hash: a.best.hash,
      height: a.best.height,
      dataHubUrl: a.dataHubUrl,
      peerId: '',
    })
    expect(a.network.sentDirect.some((s) => s.to === a.peerId)).toBe(false)
    expect(a.metrics.count('directReplySent', { outcome: 'ok' })).toBeGreaterThanOrEqual(1)
  })

  it('hands the replies it receives to block validation, so a lagging node catches up', async () => {
    const hub = new MemoryNetworkHub()
    const [a, b, c] = [createTestNode(hub), createTestNode(hub), createTestNode(hub)]
    nodes = [a, b, c]
    await a.start()
    await b.start()
    await c.start()
    for (const other of [a, b]) {
      const call = await waitFor(() => c.validator.callsOf('block').find((x) => x.peerId === other.peerId))
      expect(call).toEqual({ hash: other.best.hash, baseUrl: other.dataHubUrl, peerId: other.peerId })
    }
    expect(c.sink.notifications.filter((n) => n.type === 'block')).toHaveLength(0)
  })

  it('asks again when the first peer joins the topic, then at most once per interval', async () => {
    const hub = new MemoryNetworkHub()
    const a = createTestNode(hub, { bestBlockRequestIntervalMs: 30_000 })
    nodes = [a]
    await a.start()
    await waitFor(() => requests(a).length === 1)

    // Alone at start, nobody heard us: the first peer to join the topic triggers a new request.
    const b = createTestNode(hub)
    nodes.push(b)
    await b.start()
    await waitFor(() => requests(a).length === 2, { what: 'request on first join' })

    // Another join within the interval does not.
    const c = createTestNode(hub)
    nodes.push(c)
    await c.start()
    await waitFor(() => a.network.sentDirect.some((s) => s.to === c.peerId), { what: 'a answered c' })
    await nextTick()
    expect(requests(a)).toHaveLength(2)

    // Once the interval has passed, the next join does.
    a.clock.advance(30_000)
    const d = createTestNode(hub)
    nodes.push(d)
    await d.start()
    await waitFor(() => requests(a).length === 3, { what: 'request after the interval' })
  })

  it('keeps one pending reply per peer however often it asks', async () => {
    const hub = new MemoryNetworkHub()
    // Rate limits are tested apart; here a takes and answers every request it may.
    const a = createTestNode(hub, {
      bestBlockRequestRate: { perSecond: 1000, burst: 1000 },
      gossipRateLimits: { bestBlock: { perSecond: 1000, burst: 1000 } },
    })
    const b = createTestNode(hub)
    nodes = [a, b]
    await a.start()
    await b.start()
    await waitFor(() => a.network.sentDirect.some((s) => s.to === b.peerId))
    const before = a.network.sentDirect.length
    // Ten requests in the same turn: only one reply may be queued for b.
    const request = bestBlockMessageCodec.encodeBytes({ peerId: b.peerId })
    const verdicts = await Promise.all(
      Array.from({ length: 10 }, () =>
        hub.injectGossip(a.peerId, { kind: 'bestBlock', from: b.peerId, data: request }),
      ),
    )
    expect(verdicts.every((v) => v === 'accept')).toBe(true)
    await waitFor(() => a.network.sentDirect.length > before)
    await nextTick()
    expect(a.network.sentDirect.length - before).toBeLessThanOrEqual(2)
    const last = a.network.sentDirect.at(-1)
    expect(last?.to).toBe(b.peerId)
    expect(unwrap(blockMessageCodec.create(last?.message))).toEqual(last?.message)
  })
})
