import {
  blockMessageCodec,
  type Hash,
  SPEC2024_KINDS,
  spec2024WireFormat,
  type TopicKind,
  unwrap,
} from '@p2p/domain'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import type { Libp2pPeerNetwork, Libp2pPeerNetworkOptions } from '../src/index.js'
import { NetworkFleet, tcpAddress, wsAddress } from './network-harness.js'
import { samplesFrom } from './samples.js'

const WAIT = { timeoutMs: 25_000 }

interface Trio {
  readonly nodes: readonly [Libp2pPeerNetwork, Libp2pPeerNetwork, Libp2pPeerNetwork]
  readonly listeners: readonly [RecordingListener, RecordingListener, RecordingListener]
}

/**
 * A, then B and C that know only A (as bootstrap): C must find B through the DHT rendezvous.
 * `address` picks which of A's listeners the others are told about.
 */
async function trio(
  fleet: NetworkFleet,
  base: Partial<Libp2pPeerNetworkOptions>,
  address: (a: Libp2pPeerNetwork) => string,
): Promise<Trio> {
  const listeners = [new RecordingListener(), new RecordingListener(), new RecordingListener()] as const
  const a = (await fleet.create(base)).network
  a.setListener(listeners[0])
  await a.start()
  const viaA = { ...base, bootstrapAddresses: [address(a)] }
  const b = (await fleet.create(viaA)).network
  b.setListener(listeners[1])
  await b.start()
  const c = (await fleet.create(viaA)).network
  c.setListener(listeners[2])
  await c.start()
  return { nodes: [a, b, c], listeners }
}

async function untilMeshed(nodes: readonly Libp2pPeerNetwork[]): Promise<void> {
  for (const node of nodes) {
    const others = nodes.filter((n) => n !== node).map((n) => n.peerId)
    for (const kind of SPEC2024_KINDS) {
      await waitFor(() => others.every((id) => node.meshPeers(kind).includes(id)), {
        ...WAIT,
        what: `${kind} mesh of ${node.peerId} to hold both other nodes`,
      })
    }
  }
}

async function expectEveryTopicDelivered({ nodes, listeners }: Trio, publisher: number): Promise<void> {
  const author = nodes[publisher] as Libp2pPeerNetwork
  const sent = samplesFrom(author.peerId, publisher)
  for (const kind of SPEC2024_KINDS) await author.publish(kind, sent[kind] as never)
  for (const [i, listener] of listeners.entries()) {
    for (const kind of SPEC2024_KINDS) {
      const got = await waitFor(() => listener.gossipOf(kind).find((m) => m.from === author.peerId), {
        ...WAIT,
        what: `${kind} from node ${publisher} at node ${i}`,
      })
      expect(unwrap(spec2024WireFormat.decode(kind as TopicKind, got.data))).toEqual({
        kind,
        message: sent[kind],
      })
    }
  }
}

describe.each([
  { transport: 'TCP', base: {}, address: tcpAddress, ws: false },
  {
    transport: 'websockets',
    base: { listen: { ip: '127.0.0.1', port: 0, websocketPort: 0 } },
    address: wsAddress,
    ws: true,
  },
])('three libp2p nodes on 127.0.0.1 over $transport in a private network', ({ base, address, ws }) => {
  const fleet = new NetworkFleet()
  afterEach(() => fleet.cleanup())

  it('finds the third node through the DHT, meshes every topic, delivers every topic everywhere', async () => {
    const nodes = await trio(fleet, base, address)
    const [a, b, c] = nodes.nodes
    await waitFor(() => c.peers().some((p) => p.id === b.peerId), {
      ...WAIT,
      what: 'C (which knows only A) to connect to B',
    })
    // C reached A over the transport A's address named.
    const cToA = c.peers().find((p) => p.id === a.peerId)
    expect(cToA?.addresses.some((x) => /\/ws(\/|$)/.test(x))).toBe(ws)
    await untilMeshed(nodes.nodes)
    await expectEveryTopicDelivered(nodes, 0)
    await expectEveryTopicDelivered(nodes, 2)
  })

  it('sends a best-block reply over the direct stream to one peer', async () => {
    const { nodes, listeners } = await trio(fleet, base, address)
    const [a, b, c] = nodes
    await waitFor(() => c.peers().some((p) => p.id === b.peerId), WAIT)
    const reply = {
      hash: 'ef'.repeat(32) as Hash,
      height: 812_000,
      dataHubUrl: 'http://a.example/api/v1',
      peerId: '',
    }
    await c.sendDirect(b.peerId, reply)
    const got = await waitFor(() => listeners[1].directReceived[0], WAIT)
    expect(got.from).toBe(c.peerId)
    expect(unwrap(blockMessageCodec.decode(got.data))).toEqual(reply)
    expect(listeners[0].directReceived).toHaveLength(0)
    expect(a.peerId).not.toBe(b.peerId)
  })
})
