import { waitFor } from '@p2p/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MSG_BUS_KINDS, type MsgBusPeer, startMsgBusPeer } from '../src/index.js'

// Proves the driver against two message-bus peers: what the tests of our node rely on (the ready
// line, connect, the mesh wait, the records with their equality flags, the malformed log and the
// spoofed peer id) behaves as the program's README says.

const hash = (n: number) => n.toString(16).padStart(64, '0')
let a: MsgBusPeer
let b: MsgBusPeer

beforeAll(async () => {
  ;[a, b] = await Promise.all([
    startMsgBusPeer({ name: 'bus-a', network: 'regtest' }),
    startMsgBusPeer({ name: 'bus-b', network: 'regtest', addrExchangeIntervalMs: 0 }),
  ])
  expect(await b.connect(a.tcpAddress)).toBe(a.peerId)
  await Promise.all([a, b].map((p) => p.waitForTopicPeers({ mesh: true, timeoutMs: 20_000 })))
})

afterAll(async () => {
  await Promise.all([a, b].map((p) => p?.stop()))
})

describe('msgbuspeer driver', () => {
  it('says its topics and identity in the ready line', () => {
    for (const kind of MSG_BUS_KINDS) expect(a.topics[kind]).toBe(`teranode/bitcoin/1.0.0/regtest-${kind}`)
    expect(a.ready.name).toBe('bus-a')
    expect(a.ready.protocolVersion).toBe('/teranode/bitcoin/regtest/1.0.0')
    expect(a.tcpAddress).toMatch(new RegExp(`/tcp/\\d+/p2p/${a.peerId}$`))
  })

  it('delivers every kind as the bus and Teranode encode it', async () => {
    const published = await a.publish('block', {
      message: { Hash: hash(1), Height: 3, DataHubURL: 'http://x' },
    })
    expect(published.peerId).toBe(a.peerId)
    await a.publish('subtree', { message: { Hash: hash(2) } })
    await a.publish('rejected_tx', { message: { TxID: hash(3), Reason: 'fee' } })
    await a.publish('node_status', {})
    const got = await waitFor(
      async () => {
        const records = await b.received()
        return MSG_BUS_KINDS.every((k) => records.some((r) => r.kind === k)) ? records : undefined
      },
      { timeoutMs: 20_000, what: 'all four kinds at bus-b' },
    )
    for (const r of got) {
      expect(r.from).toBe(a.peerId)
      expect(r.name).toBe('bus-a')
      expect(r.envelopeEqual && r.innerEqual).toBe(true)
    }
    const block = got.find((r) => r.kind === 'block')
    expect(block?.inner).toEqual(published.inner)
    expect(JSON.parse(block?.text ?? '{}')).toMatchObject({
      PeerID: a.peerId,
      ClientName: 'bus-a',
      Height: 3,
    })
    expect(await b.malformed()).toEqual([])
  })

  it('writes a foreign peer id on request and records raw junk as malformed', async () => {
    const spoofed = await a.publish('node_status', { spoofPeerId: true })
    expect(spoofed.peerId).toBeDefined()
    expect(spoofed.peerId).not.toBe(a.peerId)
    expect(JSON.parse(new TextDecoder().decode(spoofed.inner))).toMatchObject({ peer_id: spoofed.peerId })
    await a.publish('subtree', { raw: 'not an envelope' })
    // An empty list is truthy: wait for the record itself.
    const junk = await waitFor(async () => (await b.malformed()).find((m) => m.from === a.peerId), {
      timeoutMs: 20_000,
      what: 'the junk in bus-b malformed log',
    })
    expect(junk.topic).toBe(a.topics.subtree)
    expect((await b.logs({ malformed: true })).length).toBeGreaterThan(0)
    expect((await b.stats()).malformed).toBeGreaterThanOrEqual(1)
  })
})
