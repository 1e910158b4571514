import {
  blockMessageCodec,
  type ErrorCode,
  type GossipVerdict,
  type InputSource,
  subtreeMessageCodec,
  type TopicKind,
  unwrap,
} from '@p2p/domain'
import { aBlockHeaderInfo, aBlockMessage, MemoryNetworkHub, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestNode, hashOf, ROGUE, ROGUE_HUB, type TestNode } from '../test/test-node.js'
import type { P2PServiceOptionsInput } from './options.js'

const encoder = new TextEncoder()
const bytes = (text: string): Uint8Array => encoder.encode(text)

/** A block payload as a peer writes it (Go field names), any field replaced by what the test needs. */
function blockJson(fields: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ Hash: hashOf(0xb10c), Height: 1, DataHubUrl: ROGUE_HUB, PeerId: ROGUE, ...fields })
}

function subtreeJson(fields: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ Hash: hashOf(0x5ab), DataHubUrl: ROGUE_HUB, PeerId: ROGUE, ...fields })
}

const encodedJson = (kind: TopicKind, fields: Readonly<Record<string, unknown>> = {}) =>
  bytes(kind === 'block' ? blockJson(fields) : subtreeJson(fields))

/** Invalid input from a port is refused with a coded error, logged, counted, and the service carries on. */
describe('P2PService refuses invalid input and keeps running', () => {
  let nodes: TestNode[] = []
  afterEach(async () => {
    for (const node of nodes) await node.stop()
    nodes = []
  })

  async function twoNodes(bOptions: Partial<P2PServiceOptionsInput> = {}) {
    const hub = new MemoryNetworkHub()
    const a = createTestNode(hub)
    const b = createTestNode(hub, bOptions)
    nodes = [a, b]
    await a.start()
    await b.start()
    // The start-up best-block exchange hands each node the other's best block. Once it is over,
    // every count, log line and hand-off below belongs to the input under test.
    await waitFor(
      () =>
        nodes.every(
          (node) =>
            node.metrics.count('handoff', { outcome: 'ok' }) === 1 &&
            node.metrics.count('directReplySent', { outcome: 'ok' }) === 1,
        ),
      { what: 'start-up best-block exchange' },
    )
    for (const node of nodes) {
      node.metrics.reset()
      node.logger.clear()
      node.sink.clear()
    }
    return { hub, a, b, handedOffBefore: b.validator.calls.length }
  }

  const published = (node: TestNode, kind: TopicKind) => node.network.published.filter((p) => p.kind === kind)
  const announcements = (node: TestNode) => node.network.published.filter((p) => p.kind !== 'bestBlock')

  /** Peer input is counted once and logged at debug only: a hostile peer must not fill our logs. */
  function expectPeerInputRefused(node: TestNode, source: InputSource, code: ErrorCode) {
    expect(node.metrics.callsOf('inputRejected')).toMatchObject([{ source, code }])
    const entries = node.logger.filter('debug', 'input refused')
    expect(entries).toHaveLength(1)
    expect(entries[0]?.context).toMatchObject({ source, code, from: ROGUE })
    expect(node.logger.filter('warn')).toEqual([])
    expect(node.logger.filter('error')).toEqual([])
  }

  /**
   * Input from our own node services is a broken deployment: counted every time and logged as a
   * warning, but the same source and code reach warn once per interval (the repeats at debug).
   */
  function expectServiceInputRefused(node: TestNode, source: InputSource, codes: readonly ErrorCode[]) {
    expect(node.metrics.callsOf('inputRejected')).toMatchObject(codes.map((code) => ({ source, code })))
    const warned = node.logger.filter('warn', 'input from node service refused')
    expect(warned.map((entry) => entry.context)).toEqual(
      [...new Set(codes)].map((code) => expect.objectContaining({ source, code, alsoRefused: 0 })),
    )
    const held = node.logger.filter('debug', 'input from node service refused')
    expect(held).toHaveLength(codes.length - warned.length)
  }

  /** b still judges, hands off and notifies what a announces, so the service survived the bad input. */
  async function expectStillServing(a: TestNode, b: TestNode) {
    const hash = hashOf(0x600d)
    a.chain.emit({ kind: 'subtree', hash })
    const call = await waitFor(() => b.validator.callsOf('subtree').find((x) => x.hash === hash), {
      what: 'a valid subtree handed off after the bad input',
    })
    expect(call).toEqual({ hash, baseUrl: a.dataHubUrl, peerId: a.peerId })
    expect(b.sink.ofType('subtree').map((n) => n.hash)).toContain(hash)
    expect(b.service.running).toBe(true)
  }

  const gossipCases: ReadonlyArray<{
    readonly name: string
    readonly kind: TopicKind
    readonly data: () => Uint8Array
    readonly code: ErrorCode
  }> = [
    {
      name: 'a payload that is not JSON',
      kind: 'block',
      data: () => bytes('{"Hash":'),
      code: 'invalid_json',
    },
    {
      name: 'a payload that is not UTF-8',
      kind: 'block',
      data: () => new Uint8Array([...bytes('{"Hash":"'), 0xc3, 0x28, ...bytes('"}')]),
      code: 'invalid_utf8',
    },
    {
      name: 'a JSON array',
      kind: 'subtree',
      data: () => bytes(`[${subtreeJson()}]`),
      code: 'not_an_object',
    },
    {
      name: 'a block payload over 32 KiB',
      kind: 'block',
      data: () => bytes(blockJson({ DataHubUrl: `${ROGUE_HUB}/${'a'.repeat(32 * 1024)}` })),
      code: 'payload_too_large',
    },
    {
      name: 'a block hash of 63 characters',
      kind: 'block',
      data: () => bytes(blockJson({ Hash: hashOf(0xb10c).slice(1) })),
      code: 'invalid_field',
    },
    {
      name: 'a block height past uint32',
      kind: 'block',
      data: () => bytes(blockJson({ Height: 4_294_967_296 })),
      code: 'invalid_field',
    },
  ]

  it.each(gossipCases)('rejects $name as $code', async ({ kind, data, code }) => {
    const { hub, a, b, handedOffBefore } = await twoNodes()
    const verdict = await hub.injectGossip(b.peerId, { kind, from: ROGUE, data: data() })
    expect(verdict).toBe('reject')
    expect(b.metrics.callsOf('gossipVerdict')).toMatchObject([{ kind, verdict: 'reject' }])
    expectPeerInputRefused(b, kind, code)
    expect(b.validator.calls).toHaveLength(handedOffBefore)
    expect(b.sink.notifications).toEqual([])
    await expectStillServing(a, b)
  })

  it('rejects a payload naming a peer other than its author, so nobody can speak for another peer', async () => {
    const { hub, a, b, handedOffBefore } = await twoNodes()
    const data = bytes(blockJson({ PeerId: a.peerId }))
    const verdict = await hub.injectGossip(b.peerId, { kind: 'block', from: ROGUE, data })
    expect(verdict).toBe('reject')
    expect(b.metrics.callsOf('gossipVerdict')).toMatchObject([{ kind: 'block', verdict: 'reject' }])
    expectPeerInputRefused(b, 'block', 'peer_id_mismatch')
    expect(b.logger.filter('debug', 'input refused')[0]?.context).toMatchObject({ claimed: a.peerId })
    expect(b.validator.calls).toHaveLength(handedOffBefore)
    expect(b.sink.notifications).toEqual([])
    await expectStillServing(a, b)
  })

  it.each(['block', 'subtree'] as const)(
    'ignores a %s with no data hub URL: nothing to fetch it from, so no hand-off and no notification',
    async (kind) => {
      const { hub, a, b, handedOffBefore } = await twoNodes()
      const verdict = await hub.injectGossip(b.peerId, {
        kind,
        from: ROGUE,
        data: encodedJson(kind, { DataHubUrl: '' }),
      })
      // Not the sender's fault under the spec (Go's zero value), so it must not cost its score.
      expect(verdict).toBe('ignore')
      expect(b.metrics.callsOf('gossipVerdict')).toMatchObject([{ kind, verdict: 'ignore' }])
      expectPeerInputRefused(b, kind, 'missing_data_hub_url')
      expect(b.validator.calls).toHaveLength(handedOffBefore)
      expect(b.sink.notifications).toEqual([])
      await expectStillServing(a, b)
    },
  )

  it('refuses garbage on the direct stream, and hands a valid best-block reply to validation', async () => {
    const { hub, a, b, handedOffBefore } = await twoNodes()
    await hub.injectDirect(b.peerId, { from: ROGUE, data: bytes('garbage') })
    expectPeerInputRefused(b, 'direct', 'invalid_json')
    expect(b.validator.calls).toHaveLength(handedOffBefore)

    const hash = hashOf(0xd1)
    const reply = blockMessageCodec.encodeBytes({ hash, height: 7, dataHubUrl: ROGUE_HUB, peerId: '' })
    await hub.injectDirect(b.peerId, { from: ROGUE, data: reply })
    const call = await waitFor(() => b.validator.callsOf('block').find((x) => x.hash === hash))
    // The sender of the stream is who told us, whatever the reply's own (empty) PeerId says.
    expect(call).toEqual({ hash, baseUrl: ROGUE_HUB, peerId: ROGUE })
    expect(b.metrics.callsOf('inputRejected')).toHaveLength(1)
    // A reply is for catching up, not news: websocket clients are not told about it.
    expect(b.sink.notifications).toEqual([])
    await expectStillServing(a, b)
  })

  it('refuses malformed chain events with a warning, announces nothing for them, and announces the next', async () => {
    const { a } = await twoNodes()
    a.chain.emitRaw({ kind: 'nope', hash: hashOf(1) })
    a.chain.emitRaw({ kind: 'subtree', hash: hashOf(2).slice(1) })
    a.chain.emitRaw(null)
    expectServiceInputRefused(a, 'chain', ['invalid_field', 'invalid_field', 'invalid_field'])

    const hash = hashOf(0x5ab)
    a.chain.emit({ kind: 'subtree', hash })
    await waitFor(() => published(a, 'subtree').length === 1, { what: 'the valid event announced' })
    expect(announcements(a)).toHaveLength(1)
    expect(
      unwrap(subtreeMessageCodec.decode(published(a, 'subtree')[0]?.data ?? new Uint8Array())).hash,
    ).toBe(hash)
  })

  it('counts every malformed event of a service that sends nothing else, but warns once per interval', async () => {
    const { a } = await twoNodes()
    for (let i = 0; i < 5_000; i++) a.chain.emitRaw({ kind: 'nope', hash: hashOf(i) })
    await waitFor(
      () => a.metrics.count('inputRejected', { source: 'chain', code: 'invalid_field' }) === 5_000,
    )
    expect(a.logger.filter('warn', 'input from node service refused')).toHaveLength(1)
    a.clock.advance(10_000)
    a.chain.emitRaw(null)
    await waitFor(() => a.metrics.count('inputRejected', { source: 'chain' }) === 5_001)
    expect(
      a.logger.filter('warn', 'input from node service refused').map((entry) => entry.context.alsoRefused),
    ).toEqual([0, 4_999])
  })

  it('announces nothing for an event whose header look-up fails, and announces the next', async () => {
    const { a } = await twoNodes()
    const [lost, kept] = [hashOf(0xf1), hashOf(0xf2)]
    a.chain.setHeader(aBlockHeaderInfo({ hash: lost, height: 1 }))
    a.chain.setHeader(aBlockHeaderInfo({ hash: kept, height: 2 }))
    a.chain.failNext(1, 'upstream_timeout')
    a.chain.emit({ kind: 'block', hash: lost })
    a.chain.emit({ kind: 'block', hash: kept })
    await waitFor(() => published(a, 'block').length === 1, { what: 'the second block announced' })
    const sent = published(a, 'block').map((p) => unwrap(blockMessageCodec.decode(p.data)))
    expect(sent.map((m) => m.hash)).toEqual([kept])
    expectServiceInputRefused(a, 'chain', ['upstream_timeout'])
    expect(a.logger.filter('warn')[0]?.context).toMatchObject({ kind: 'block', hash: lost })
    expect(a.chain.lookups.filter((lookup) => lookup.kind === 'header')).toEqual([
      { kind: 'header', hash: lost },
      { kind: 'header', hash: kept },
    ])
  })

  it('refuses a malformed header from the look-up rather than announcing it, and announces the next', async () => {
    const { a } = await twoNodes()
    const [broken, kept] = [hashOf(0xe1), hashOf(0xe2)]
    a.chain.setHeader({ ...aBlockHeaderInfo({ hash: broken }), height: -1 })
    a.chain.setHeader(aBlockHeaderInfo({ hash: kept, height: 3 }))
    // A best header whose uint64 came back as a plain number: only a cast can build it, a broken client could send it.
    a.chain.setBestHeader({ ...aBlockHeaderInfo(), txCount: 5 as unknown as bigint })
    a.chain.emit({ kind: 'block', hash: broken })
    a.chain.emit({ kind: 'miningOn', hash: hashOf(0xe3) })
    a.chain.emit({ kind: 'block', hash: kept })
    await waitFor(() => published(a, 'block').length === 1, { what: 'the valid block announced' })
    expect(announcements(a).map((p) => p.kind)).toEqual(['block'])
    expect(unwrap(blockMessageCodec.decode(published(a, 'block')[0]?.data ?? new Uint8Array())).hash).toBe(
      kept,
    )
    expectServiceInputRefused(a, 'chain', ['invalid_field', 'invalid_field'])
    expect(a.logger.filter('warn').map((e) => e.context)).toMatchObject([{ kind: 'block', hash: broken }])
    expect(a.logger.filter('debug', 'input from node service refused').map((e) => e.context)).toMatchObject([
      { kind: 'miningOn' },
    ])
  })

  it('counts every malformed rejection of a validator that sends nothing else, but warns once per interval', async () => {
    const { a } = await twoNodes()
    for (let i = 0; i < 5_000; i++) a.rejectedTxs.emitRaw({ txId: 'not a txid', reason: 'x' })
    await waitFor(
      () => a.metrics.count('inputRejected', { source: 'rejectedTxSource', code: 'invalid_field' }) === 5_000,
    )
    expect(a.logger.filter('warn', 'input from node service refused')).toHaveLength(1)
    expect(published(a, 'rejectedTx')).toHaveLength(0)
  })

  it('refuses a malformed rejected transaction with a warning and announces the next', async () => {
    const { a } = await twoNodes()
    a.rejectedTxs.emitRaw({ txId: 'xyz' })
    expectServiceInputRefused(a, 'rejectedTxSource', ['invalid_field'])
    const txId = hashOf(0x7e)
    a.rejectedTxs.emit({ txId, reason: 'double spend' })
    await waitFor(() => published(a, 'rejectedTx').length === 1)
    expect(announcements(a)).toHaveLength(1)
    expect(a.metrics.callsOf('inputRejected')).toHaveLength(1)
  })

  it('accepts and notifies a block even when handing it to block validation fails, and counts the failure', async () => {
    const { hub, a, b } = await twoNodes()
    b.validator.failNext(1, 'upstream_unavailable')
    const hash = hashOf(0xfa)
    const data = blockMessageCodec.encodeBytes(aBlockMessage({ hash, dataHubUrl: ROGUE_HUB, peerId: ROGUE }))
    // The payload is fine; our validator being down is no reason to stop it spreading.
    expect(await hub.injectGossip(b.peerId, { kind: 'block', from: ROGUE, data })).toBe('accept')
    expect(b.metrics.callsOf('gossipVerdict')).toMatchObject([{ kind: 'block', verdict: 'accept' }])
    expect(b.sink.ofType('block').map((n) => n.hash)).toEqual([hash])
    await waitFor(() => b.metrics.count('handoff', { outcome: 'failed' }) === 1, { what: 'failed hand-off' })
    expect(b.metrics.callsOf('handoff').map((h) => h.outcome)).toEqual(['failed'])
    const warning = b.logger.find('warn', 'hand-off to block validation failed')
    expect(warning?.context).toMatchObject({
      kind: 'block',
      hash,
      peerId: ROGUE,
      code: 'upstream_unavailable',
    })
    expect(b.metrics.callsOf('inputRejected')).toEqual([])
    await expectStillServing(a, b)
    expect(b.metrics.count('handoff', { outcome: 'ok' })).toBe(1)
  })

  it('never makes gossip wait on a slow validator: the backlog is bounded and the oldest waiting is dropped', async () => {
    const { hub, b, handedOffBefore } = await twoNodes({ handoffConcurrency: 1, handoffQueueLimit: 2 })
    b.validator.hold()
    const hashes = Array.from({ length: 10 }, (_, i) => hashOf(0x100 + i))
    const verdicts: GossipVerdict[] = []
    for (const hash of hashes) {
      const data = blockMessageCodec.encodeBytes(
        aBlockMessage({ hash, dataHubUrl: ROGUE_HUB, peerId: ROGUE }),
      )
      verdicts.push(await hub.injectGossip(b.peerId, { kind: 'block', from: ROGUE, data }))
    }
    expect(verdicts).toEqual(hashes.map(() => 'accept'))
    expect(b.sink.ofType('block')).toHaveLength(10)
    // One running (held), two waiting; the seven in between were dropped, oldest first.
    expect(b.validator.heldCount).toBe(1)
    expect(b.service.handoffBacklog).toEqual({ waiting: 2, inFlight: 1 })
    expect(b.metrics.count('handoff', { kind: 'block', outcome: 'dropped' })).toBe(7)
    // The first drop warns; the rest within the interval stay at debug, so a flood cannot fill the log.
    const warned = b.logger.filter('warn', 'hand-offs dropped: block validation is not keeping up')
    expect(warned.map((e) => e.context.hash)).toEqual([hashes[1]])
    expect(b.logger.filter('debug', 'hand-off dropped').map((e) => e.context.hash)).toEqual(
      hashes.slice(2, 8),
    )

    b.validator.release()
    await waitFor(() => b.metrics.count('handoff', { outcome: 'ok' }) === 3, { what: 'kept hand-offs done' })
    const handedOff = b.validator.calls.slice(handedOffBefore).map((call) => call.announcement.hash)
    expect(handedOff).toEqual([hashes[0], hashes[8], hashes[9]])
    expect(b.service.handoffBacklog).toEqual({ waiting: 0, inFlight: 0 })
  })

  it('counts and logs a failed publication without throwing, and keeps running', async () => {
    const { a } = await twoNodes()
    await a.network.stop()
    expect(() => a.chain.emit({ kind: 'subtree', hash: hashOf(0x51) })).not.toThrow()
    await waitFor(() => a.metrics.count('publishFailed') === 1, { what: 'publish failure counted' })
    expect(a.metrics.callsOf('publishFailed')).toMatchObject([{ kind: 'subtree', code: 'not_started' }])
    expect(a.logger.find('warn', 'publish failed')?.context).toMatchObject({
      kind: 'subtree',
      code: 'not_started',
    })
    expect(a.metrics.count('messagePublished')).toBe(0)
    expect(a.service.running).toBe(true)

    // The announcer's queue is not wedged by the failure: the next event is tried (and counted) too.
    a.chain.emit({ kind: 'subtree', hash: hashOf(0x52) })
    await waitFor(() => a.metrics.count('publishFailed') === 2, { what: 'second failure counted' })
    // Events arrive at the node service's pace: the repeat within the interval is at debug.
    expect(a.logger.filter('warn', 'publish failed')).toHaveLength(1)
    expect(a.logger.filter('debug', 'publish failed')).toHaveLength(1)
  })
})
