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

    // Joins within the interval do not ask at once...
    const c = createTestNode(hub)
    const d = createTestNode(hub)
    nodes.push(c, d)
    await c.start()
    await d.start()
    await waitFor(() => a.network.sentDirect.some((s) => s.to === d.peerId), { what: 'a answered d' })
    await nextTick()
    expect(requests(a)).toHaveLength(2)

    // ...but together they bring one request when it is over, so that c and d are asked too.
    a.clock.advance(29_999)
    await nextTick()
    expect(requests(a)).toHaveLength(2)
    a.clock.advance(1)
    await waitFor(() => requests(a).length === 3, { what: 'deferred request after the interval' })
    a.clock.advance(60_000)
    await nextTick()
    expect(requests(a)).toHaveLength(3)

    // Once the interval has passed, the next join asks at once.
    const e = createTestNode(hub)
    nodes.push(e)
    await e.start()
    await waitFor(() => requests(a).length === 4, { what: 'request on a join after the interval' })
  })

  it('forgets a deferred request when stopped', async () => {
    const hub = new MemoryNetworkHub()
    const a = createTestNode(hub, { bestBlockRequestIntervalMs: 30_000 })
    const [b, c] = [createTestNode(hub), createTestNode(hub)]
    nodes = [a, b, c]
    await a.start()
    await b.start()
    await waitFor(() => requests(a).length === 2)
    await c.start()
    await waitFor(() => a.network.sentDirect.some((s) => s.to === c.peerId), { what: 'a answered c' })
    expect(a.clock.pendingTimers).toBeGreaterThan(0)
    await a.stop()
    expect(a.clock.pendingTimers).toBe(0)
    a.clock.advance(30_000)
    await nextTick()
    expect(requests(a)).toHaveLength(2)
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
