import { type Hash, SPEC2024_KINDS } from '@p2p/domain'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import type { Libp2pPeerNetwork } from '../src/index.js'
import { NetworkFleet, tcpAddress, untilFullyConnected } from './network-harness.js'

const WAIT = { timeoutMs: 20_000 }

describe('gossipsub peer scoring', () => {
  const fleet = new NetworkFleet()
  afterEach(() => fleet.cleanup())

  it('drops a peer whose messages are rejected out of the mesh, and keeps the honest one', async () => {
    let bId = ''
    // A and C judge every message from B invalid, as the whole network would for a bad peer.
    const rejectB = () => new RecordingListener((message) => (message.from === bId ? 'reject' : 'accept'))
    const aListener = rejectB()
    const a = (await fleet.create()).network
    a.setListener(aListener)
    await a.start()
    const viaA = { bootstrapAddresses: [tcpAddress(a)] }
    const b = (await fleet.create(viaA)).network
    bId = b.peerId
    b.setListener(new RecordingListener())
    await b.start()
    const c = (await fleet.create(viaA)).network
    c.setListener(rejectB())
    await c.start()
    await untilFullyConnected([a, b, c])
    await untilInMesh(a, [b, c])

    for (let i = 0; i < 3; i++) await b.publish('block', blockFrom(b, i))
    await waitFor(() => aListener.gossipOf('block').filter((m) => m.from === b.peerId).length === 3, {
      ...WAIT,
      what: "A's validator to see B's three blocks",
    })
    for (const kind of SPEC2024_KINDS) {
      await waitFor(() => !a.meshPeers(kind).includes(b.peerId), {
        ...WAIT,
        what: `B to leave A's ${kind} mesh`,
      })
    }
    // Gossipsub's own judgement, not a ban: B is still connected, C still meshed.
    expect(a.isBanned(b.peerId)).toBe(false)
    expect(a.peers().some((peer) => peer.id === b.peerId)).toBe(true)
    expect(SPEC2024_KINDS.every((kind) => a.meshPeers(kind).includes(c.peerId))).toBe(true)
  })

  it('lets the ban score act before graylisting: ten invalid messages, each penalized, ban the sender', async () => {
    let a: Libp2pPeerNetwork | undefined
    let bId = ''
    const aListener = new RecordingListener((message) => {
      if (message.from !== bId) return 'accept'
      // What the core does with an invalid announcement.
      a?.penalize(message.from, 'invalid_message', 'bad block')
      return 'reject'
    })
    a = (await fleet.create()).network
    a.setListener(aListener)
    await a.start()
    const b = (await fleet.create({ bootstrapAddresses: [tcpAddress(a)] })).network
    bId = b.peerId
    b.setListener(new RecordingListener())
    await b.start()
    await untilFullyConnected([a, b])

    for (let i = 0; i < 10; i++) await b.publish('block', blockFrom(b, i))
    const banning = a
    await waitFor(() => banning.isBanned(b.peerId), {
      ...WAIT,
      what: 'A to ban B for ten invalid blocks',
    })
    await waitFor(() => !banning.peers().some((peer) => peer.id === b.peerId), {
      ...WAIT,
      what: 'A to disconnect B',
    })
    expect(aListener.gossipOf('block').filter((m) => m.from === b.peerId)).toHaveLength(10)
  })
})

async function untilInMesh(node: Libp2pPeerNetwork, others: readonly Libp2pPeerNetwork[]): Promise<void> {
  for (const kind of SPEC2024_KINDS) {
    await waitFor(() => others.every((other) => node.meshPeers(kind).includes(other.peerId)), {
      ...WAIT,
      what: `${kind} mesh of A to hold B and C`,
    })
  }
}

function blockFrom(node: Libp2pPeerNetwork, i: number) {
  const hash = (i + 1).toString(16).padStart(64, '0') as Hash
  return { hash, height: 900_000 + i, dataHubUrl: 'http://b.example:8090/api/v1', peerId: node.peerId }
}
