// First: libp2p's modules need Promise.withResolvers, which Node 20 lacks.
import '../src/shims/node20.js'
import { waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { ADDRESS_PROTOCOL_V1, ADDRESS_PROTOCOL_V1_1 } from '../src/exchange/address-exchange-protocol.js'
import { readMessage } from '../src/util/stream-message.js'
import {
  dialAddress,
  ExchangeFleet,
  type ExchangeNodeOptions,
  rawExchange,
  strangerId,
  untilKnows,
} from './exchange-nodes.js'

const WAIT = { timeoutMs: 10_000 }
const text = (value: string) => new TextEncoder().encode(value)

/** A knows C (C dialled it); B is connected to A only. */
async function triangle(fleet: ExchangeFleet, options: ExchangeNodeOptions = {}) {
  const a = await fleet.create(options)
  const b = await fleet.create(options)
  const c = await fleet.create(options)
  await dialAddress(c.node, a.address)
  await dialAddress(b.node, a.address)
  const cAddresses = await untilKnows(a.node, c.id)
  return { a, b, c, cAddresses }
}

describe('the address exchange between three libp2p nodes on 127.0.0.1', () => {
  const fleet = new ExchangeFleet()
  afterEach(() => fleet.cleanup())

  it("B asks A about C, gets C's listen address, and its loop dials C", async () => {
    const { a, b, c } = await triangle(fleet)
    const cListen = c.address.replace(/\/p2p\/.*$/, '')
    const got = await b.asker.ask(a.id, c.id)
    expect(got).toContain(cListen)
    expect(b.node.getConnections(c.node.peerId)).toHaveLength(0)
    // C authored something B heard on a topic: the loop finds it through A.
    b.loop.sawAuthor(c.id)
    await b.loop.runRound()
    await waitFor(() => b.node.getConnections(c.node.peerId).length > 0, {
      ...WAIT,
      what: 'B connected to C',
    })
    expect(b.loop.counters()).toMatchObject({ asked: 1, answered: 1, dialled: 1, failed: 0 })
    expect(a.server.counters().served).toBe(2)
  })

  it('answers [] about a peer it does not know', async () => {
    const { a, b } = await triangle(fleet)
    const stranger = await strangerId()
    expect(await b.asker.ask(a.id, stranger)).toEqual([])
    const raw = await rawExchange(b.node, a.node.peerId, ADDRESS_PROTOCOL_V1_1, text(stranger), true)
    expect(raw.reply).toBe('[]')
  })

  it.each([
    { protocol: ADDRESS_PROTOCOL_V1, halfClose: false },
    { protocol: ADDRESS_PROTOCOL_V1_1, halfClose: true },
  ])(
    'serves $protocol as its requesters speak it (half-close: $halfClose)',
    async ({ protocol, halfClose }) => {
      const { a, b, c, cAddresses } = await triangle(fleet)
      const raw = await rawExchange(b.node, a.node.peerId, protocol, text(c.id), halfClose)
      expect(raw.reply).toBeDefined()
      const reply = JSON.parse(raw.reply ?? 'null') as unknown
      expect(Array.isArray(reply)).toBe(true)
      expect(reply).toEqual(expect.arrayContaining(cAddresses))
      expect(a.server.counters()).toMatchObject({ served: 1, refused: 0 })
    },
  )

  it('resets a garbage request, an oversized one and one that never ends, on either version', async () => {
    const { a, b } = await triangle(fleet, { server: { timeoutMs: 1_000 } })
    const garbage = await rawExchange(b.node, a.node.peerId, ADDRESS_PROTOCOL_V1_1, text('hello, peer'), true)
    expect(garbage).toEqual({ status: 'reset' })
    const json = await rawExchange(
      b.node,
      a.node.peerId,
      ADDRESS_PROTOCOL_V1,
      text(`{"peer":"${b.id}"}`),
      false,
    )
    expect(json).toEqual({ status: 'reset' })
    const long = await rawExchange(
      b.node,
      a.node.peerId,
      ADDRESS_PROTOCOL_V1,
      new Uint8Array(200).fill(0x51),
      false,
    )
    expect(long).toEqual({ status: 'reset' })
    // 1.1.0 reads to the end: a requester that never half-closes is cut off at the deadline.
    const open = await rawExchange(b.node, a.node.peerId, ADDRESS_PROTOCOL_V1_1, text(b.id), false)
    expect(open).toEqual({ status: 'reset' })
    await waitFor(() => a.server.counters().refused === 4, { ...WAIT, what: 'four refusals counted' })
    expect(a.server.counters().served).toBe(0)
    // The connection survives: a good request afterwards is answered.
    expect(await b.asker.ask(a.id, b.id)).not.toHaveLength(0)
  })

  it('resets requests over the per-peer budget and warns once', async () => {
    const { a, b, c } = await triangle(fleet, { server: { requestsPerWindow: 2 } })
    expect(await b.asker.ask(a.id, c.id)).not.toHaveLength(0)
    expect(await b.asker.ask(a.id, c.id)).not.toHaveLength(0)
    await expect(b.asker.ask(a.id, c.id)).rejects.toMatchObject({ code: 'send_failed' })
    await expect(b.asker.ask(a.id, c.id)).rejects.toMatchObject({ code: 'send_failed' })
    expect(a.server.counters()).toEqual({ served: 2, refused: 2, limited: 2 })
    expect(a.logger.filter('warn')).toHaveLength(1)
  })

  it('keeps loopback addresses out of replies unless sharing private addresses', async () => {
    const { a, b, c } = await triangle(fleet, { server: { sharePrivateAddresses: false } })
    expect(await b.asker.ask(a.id, c.id)).toEqual([])
  })

  it('asks a responder that speaks 1.0.0 only without half-closing, as the bus does', async () => {
    const { a, b, c } = await triangle(fleet)
    // An old responder: one read is the request; it answers whether or not we half-closed.
    await a.server.stop()
    const seen: Array<{ request: string; halfClosed: boolean }> = []
    await a.node.handle(ADDRESS_PROTOCOL_V1, async (stream) => {
      const signal = AbortSignal.timeout(5_000)
      const request = await readMessage(stream, { maxBytes: 129, whole: false, signal })
      seen.push({
        request: new TextDecoder().decode(request),
        halfClosed: stream.remoteWriteStatus === 'closed',
      })
      stream.send(text('["/ip4/8.8.8.8/tcp/9905", "junk"]'))
      await stream.close({ signal })
    })
    expect(await b.asker.ask(a.id, c.id)).toEqual(['/ip4/8.8.8.8/tcp/9905'])
    expect(seen).toEqual([{ request: c.id, halfClosed: false }])
  })

  it('refuses to ask a peer it is not connected to', async () => {
    const { b, c } = await triangle(fleet)
    await expect(b.asker.ask(c.id, c.id)).rejects.toMatchObject({ code: 'unknown_peer' })
    await expect(b.asker.ask('not-a-peer', c.id)).rejects.toMatchObject({ code: 'invalid_field' })
  })
})
