// First: libp2p's modules need Promise.withResolvers, which Node 20 lacks.
import '../../packages/libp2p-network/src/shims/node20.js'
import { waitFor } from '@p2p/testkit'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  ADDRESS_PROTOCOL_V1,
  ADDRESS_PROTOCOL_V1_1,
} from '../../packages/libp2p-network/src/exchange/address-exchange-protocol.js'
import {
  dialAddress,
  ExchangeFleet,
  strangerId,
  untilKnows,
} from '../../packages/libp2p-network/test/exchange-nodes.js'
import { type MsgBusPeer, startMsgBusPeer } from '../src/index.js'

// Our address exchange (packages/libp2p-network/src/exchange) against msgbuspeer, which speaks
// go-p2p-message-bus's `/p2p-msg-bus/peer-addr-request/*` on go-libp2p. The libp2p adapter is
// not a dependency of this package, so its sources and its test harness are imported by path.

const WAIT = { timeoutMs: 20_000 }
const withoutId = (address: string) => address.replace(/\/p2p\/[^/]+$/, '')

let bus: MsgBusPeer
const fleet = new ExchangeFleet()

beforeAll(async () => {
  // Its own loop off: the tests ask it one question at a time.
  bus = await startMsgBusPeer({ name: 'bus-addr', allowPrivateIps: true, addrExchangeIntervalMs: 0 })
})

afterEach(() => fleet.cleanup())

afterAll(async () => {
  await bus?.stop()
})

describe('address exchange with a go-p2p-message-bus peer', () => {
  it.each([ADDRESS_PROTOCOL_V1, ADDRESS_PROTOCOL_V1_1])(
    'msgbuspeer asks our node about a peer we know and gets its address over %s',
    async (protocol) => {
      const ours = await fleet.create()
      const known = await fleet.create()
      await dialAddress(known.node, ours.address)
      const stored = await untilKnows(ours.node, known.id)
      await bus.connect(ours.address)
      const answer = await bus.askAddrs({ peerId: ours.id, target: known.id, protocol })
      expect(answer.protocol).toBe(protocol)
      expect(answer.addrs).toContain(withoutId(known.address))
      expect(answer.addrs).toEqual(expect.arrayContaining(stored))
      const unknown = await bus.askAddrs({ peerId: ours.id, target: await strangerId(), protocol })
      expect(unknown.addrs).toEqual([])
      expect(ours.server.counters()).toMatchObject({ served: 2, refused: 0 })
    },
  )

  it('our ask to msgbuspeer about a peer it knows returns the address, and the loop dials it', async () => {
    const ours = await fleet.create()
    const far = await fleet.create()
    await bus.connect(far.address)
    await bus.connect(ours.address)
    await waitFor(() => ours.node.getConnections().length > 0, {
      ...WAIT,
      what: 'msgbuspeer connected to us',
    })
    // The bus stores the peer's listen addresses once identify has run.
    const got = await waitFor(
      async () => {
        const addresses = await ours.asker.ask(bus.peerId, far.id)
        return addresses.includes(withoutId(far.address)) ? addresses : undefined
      },
      { ...WAIT, what: "msgbuspeer to answer with far's listen address" },
    )
    expect(got.length).toBeLessThanOrEqual(32)
    expect(await ours.asker.ask(bus.peerId, await strangerId())).toEqual([])
    ours.loop.sawAuthor(far.id)
    await ours.loop.runRound()
    await waitFor(() => ours.node.getConnections(far.node.peerId).length > 0, {
      ...WAIT,
      what: 'our node connected to far through the bus',
    })
    expect(ours.loop.counters()).toMatchObject({ answered: 1, dialled: 1 })
  })
})
