import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { type BlockMessage, type Hash, spec2024WireFormat } from '@p2p/domain'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { watchOutboundOverflow } from '../src/gossip/stalled-peer-guard.js'
import { createLibp2pNode, type Libp2pNode, parseNetworkConfig } from '../src/index.js'
import { NetworkFleet, tcpAddress, testConfig, untilFullyConnected } from './network-harness.js'
import { StallingProxy } from './stalling-proxy.js'

/** The outbound bound under test: 8 MiB in production, smaller here so a stall costs little to provoke. */
const BOUND = 256 * 1024
/** Messages published once the stalled peer reads again. */
const AFTER = 50
/** ~2 KiB each, so the bound (plus the muxer's 256 KiB window) is passed in a few hundred messages. */
const URL = `http://stall.example:8090/${'x'.repeat(2_000)}`

function block(phase: number, i: number, peerId: string): BlockMessage {
  const hash = `${phase.toString(16)}${i.toString(16).padStart(63, '0')}` as Hash
  return { hash, height: i, dataHubUrl: URL, peerId }
}

const PHASE = { warmUp: 1, stall: 2, back: 3, after: 4 } as const

function hashOf(data: Uint8Array): string {
  return (JSON.parse(Buffer.from(data).toString()) as { Hash: string }).Hash
}

/** What the stalled peer received of the messages published after it read again. */
function receivedAfter(listener: RecordingListener): { messages: number; bytes: number } {
  const after = listener.gossipOf('block').filter((m) =>
    Buffer.from(m.data)
      .toString()
      .includes(`"Hash":"${PHASE.after.toString(16)}`),
  )
  return { messages: after.length, bytes: after.reduce((sum, m) => sum + m.data.byteLength, 0) }
}

/** Publishes stall-phase messages in rounds until `overflowed()`, with a deadline. */
async function publishUntil(
  publish: (i: number) => Promise<void>,
  overflowed: () => boolean,
): Promise<number> {
  let sent = 0
  await waitFor(
    async () => {
      for (let n = 0; n < 20 && !overflowed(); n++) await publish(sent++)
      return overflowed()
    },
    { timeoutMs: 20_000, what: `the outbound bound to pass (${sent} messages published)` },
  )
  return sent
}

describe('a peer that stops reading our gossip', () => {
  const fleet = new NetworkFleet()
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
    await fleet.cleanup()
  })

  /** The stalled peer: a node of ours whose only way to `target` is through a proxy that can stall. */
  async function stallablePeer(targetPort: number, targetId: string) {
    const proxy = await StallingProxy.start(targetPort)
    cleanups.push(() => proxy.close())
    const listener = new RecordingListener()
    const { network } = await fleet.create({
      staticPeers: [`/ip4/127.0.0.1/tcp/${proxy.port}/p2p/${targetId}`],
    })
    network.setListener(listener)
    await network.start()
    return { proxy, listener, network }
  }

  it('stays deaf with gossipsub alone: its stream is reset and never reopened while connected', async () => {
    const config = parseNetworkConfig(testConfig({ gossipOutboundBufferBytes: BOUND }))
    const node: Libp2pNode = await createLibp2pNode(config, { privateKey: await generateKeyPair('Ed25519') })
    cleanups.push(async () => {
      await node.stop()
    })
    await node.start()
    const pubsub = node.services.pubsub
    let overflows = 0
    // The hook the fix relies on, pinned here against the library alone.
    expect(watchOutboundOverflow(pubsub, () => overflows++)).toBe(true)
    const port = Number(node.getMultiaddrs()[0]?.toString().split('/')[4])
    const us = node.peerId.toString()
    const { proxy, listener, network } = await stallablePeer(port, us)
    const topic = config.topicNames.block as string
    const publish = (phase: number) => async (i: number) => {
      await pubsub.publish(topic, spec2024WireFormat.encode('block', block(phase, i, us)))
    }

    await waitFor(
      async () => {
        await publish(PHASE.warmUp)(listener.gossipOf('block').length)
        return listener.gossipOf('block').length > 0
      },
      { timeoutMs: 20_000, what: 'a first message to reach the peer' },
    )
    proxy.stall()
    const sent = await publishUntil(publish(PHASE.stall), () => overflows > 0)
    proxy.resume()
    for (let i = 0; i < AFTER; i++) await publish(PHASE.after)(i)
    // A ping answered on the same connection: the peer has read everything we sent before it.
    const peer = peerIdFromString(network.peerId)
    await node.services.ping.ping(peer)
    const after = receivedAfter(listener)
    console.log(
      `before the fix: overflow after ${sent} stalled messages; after resuming, ${after.messages}/${AFTER} ` +
        `messages (${after.bytes} bytes) received; connections still open: ${node.getConnections(peer).length}`,
    )
    expect(after.messages).toBe(0)
    expect(node.getConnections(peer).length).toBeGreaterThan(0)
  })

  it('is disconnected when our gossip to it overflows, counted, and served again once it reconnects', async () => {
    const { network: ours, logger } = await fleet.create({ gossipOutboundBufferBytes: BOUND })
    ours.setListener(new RecordingListener())
    await ours.start()
    const port = Number(tcpAddress(ours).split('/')[4])
    const { proxy, listener, network } = await stallablePeer(port, ours.peerId)
    await untilFullyConnected([ours, network])
    const publish = (phase: number) => (i: number) => ours.publish('block', block(phase, i, ours.peerId))

    await publish(PHASE.warmUp)(0)
    await waitFor(() => listener.gossipOf('block').length > 0, { what: 'a first message to reach the peer' })
    proxy.stall()
    const sent = await publishUntil(publish(PHASE.stall), () => ours.stalledPeerDisconnects() > 0)
    proxy.resume()
    // Back through the peer's static-peer redial (or our discovery's dial), with fresh streams;
    // probes until one arrives, since our stream to it opens a moment after its subscriptions do.
    await untilFullyConnected([ours, network])
    let probes = 0
    await waitFor(
      async () => {
        await publish(PHASE.back)(probes++)
        return listener.gossipOf('block').some((m) => hashOf(m.data).startsWith(PHASE.back.toString(16)))
      },
      { timeoutMs: 20_000, what: 'a probe to reach the peer again' },
    )
    for (let i = 0; i < AFTER; i++) await publish(PHASE.after)(i)
    await waitFor(() => receivedAfter(listener).messages >= AFTER, {
      timeoutMs: 20_000,
      what: `all ${AFTER} messages published after the peer came back (has ${receivedAfter(listener).messages})`,
    })
    const after = receivedAfter(listener)
    console.log(
      `after the fix: overflow after ${sent} stalled messages, ${ours.stalledPeerDisconnects()} disconnect(s); ` +
        `after resuming, ${after.messages}/${AFTER} messages (${after.bytes} bytes) received`,
    )
    expect(after.messages).toBe(AFTER)
    expect(ours.stalledPeerDisconnects()).toBe(1)
    expect(logger.entries.some((e) => e.message.includes('stopped reading our gossip'))).toBe(true)
  })
})
