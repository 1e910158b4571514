/**
 * Connection admission under hostile load, on real nodes and raw sockets: each attack runs against
 * a node with libp2p's own admission ("before": its defaults, our caps lifted) and with ours
 * ("after"), and legitimate peers dial meanwhile. The figures are printed for the record.
 */
import { connect, type Socket } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createLibp2pNode,
  type Libp2pNode,
  type Libp2pPeerNetwork,
  type Libp2pPeerNetworkOptions,
  parseNetworkConfig,
} from '../src/index.js'
import { NetworkFleet, tcpAddress, testConfig, untilFullyConnected } from './network-harness.js'

const WAIT = { timeoutMs: 20_000 }
/** The attacker's host: another loopback address than the legitimate peers' 127.0.0.1. */
const ATTACKER_HOST = '127.0.0.2'
const SILENT_SOCKETS = 12
const LEGIT_DIALS = 5

/** libp2p's own admission: its defaults for the pool and the timeout, our caps out of the way. */
const BEFORE: Partial<Libp2pPeerNetworkOptions> = {
  maxIncomingPendingConnections: 10,
  inboundUpgradeTimeoutMs: 10_000,
  admission: {
    maxPendingPerHost: 1_000_000,
    maxConnectionsPerHost: 1_000_000,
    maxConnectionsPerPeer: 1_000_000,
    outboundReserve: 0,
    limitLoopback: true,
  },
}
/**
 * Our defaults, with the per-IP limits applied on loopback too (the test's hosts are loopback) and
 * a reserve that fits the flood test's 20 connections.
 */
const AFTER: Partial<Libp2pPeerNetworkOptions> = { admission: { limitLoopback: true, outboundReserve: 4 } }

type Mode = 'private' | 'public'
const modeConfig = (mode: Mode): Partial<Libp2pPeerNetworkOptions> =>
  mode === 'public' ? { privateNetwork: undefined } : {}

function portOf(network: Libp2pPeerNetwork): number {
  return Number(/\/tcp\/(\d+)\//.exec(tcpAddress(network))?.[1])
}

/** Sockets from the attacker's host that connect and never send a byte. */
class SilentSockets {
  private sockets: Socket[] = []

  /** Sockets the node hung up on. */
  closed(): number {
    return this.sockets.filter((socket) => socket.closed).length
  }

  /** Sockets still open: each holds a pending upgrade on the node. */
  held(): number {
    return this.sockets.length - this.closed()
  }

  open(port: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const socket = connect({ host: '127.0.0.1', port, localAddress: ATTACKER_HOST })
      socket.on('error', () => {})
      this.sockets.push(socket)
    }
  }

  destroy(): void {
    for (const socket of this.sockets) socket.destroy()
    this.sockets = []
  }
}

describe('connection admission under hostile load', () => {
  const fleet = new NetworkFleet()
  const attackers: Libp2pNode[] = []
  const silent = new SilentSockets()
  afterEach(async () => {
    silent.destroy()
    await Promise.all(attackers.splice(0).map((node) => node.stop()))
    await fleet.cleanup()
  })

  async function started(overrides: Partial<Libp2pPeerNetworkOptions>) {
    const made = await fleet.create(overrides)
    made.network.setListener(new RecordingListener())
    await made.network.start()
    return made.network
  }

  /** Fresh peers, each dialling `target` once; returns those whose dial succeeded. */
  async function legitDials(target: Libp2pPeerNetwork, mode: Mode): Promise<Libp2pPeerNetwork[]> {
    const peers = await Promise.all(Array.from({ length: LEGIT_DIALS }, () => started(modeConfig(mode))))
    const joined: Libp2pPeerNetwork[] = []
    // One after another: they share 127.0.0.1, where real peers would each have their own host.
    for (const peer of peers) {
      try {
        await peer.connect(tcpAddress(target))
        joined.push(peer)
      } catch {}
    }
    return joined
  }

  async function silentSocketRun(mode: Mode, admission: Partial<Libp2pPeerNetworkOptions>) {
    const target = await started({ ...modeConfig(mode), ...admission })
    silent.open(portOf(target), SILENT_SOCKETS)
    // A socket the node hung up on at once means its admission is full for the attacker's host.
    await waitFor(() => silent.closed() > 0, { ...WAIT, what: 'the node to refuse a silent socket' })
    const joined = await legitDials(target, mode)
    // Counted once the dials are done: the attack was still on while they ran.
    return { target, held: silent.held(), joined }
  }

  it("frees a host's pending slots when its silent sockets time out", async () => {
    // Pins how the gater learns an upgrade ended: libp2p aborts the raw connection it admitted.
    const target = await started({ ...AFTER, inboundUpgradeTimeoutMs: 2_000 })
    silent.open(portOf(target), 4)
    await waitFor(() => silent.closed() === 4, { ...WAIT, what: 'the upgrade timeout to close the sockets' })
    silent.destroy()
    silent.open(portOf(target), 4)
    await waitFor(() => silent.closed() > 0, { ...WAIT, what: 'the node to refuse the fourth socket' })
    // A leaked slot would have refused all four.
    expect(silent.held()).toBe(3)
  })

  for (const mode of ['private', 'public'] as const) {
    it(`${mode}: silent sockets from one host no longer lock legitimate peers out`, async () => {
      const before = await silentSocketRun(mode, BEFORE)
      silent.destroy()
      await fleet.cleanup()
      const after = await silentSocketRun(mode, AFTER)
      console.log(
        `[admission] ${mode}, ${SILENT_SOCKETS} silent sockets from ${ATTACKER_HOST}: ` +
          `legit dials succeeded ${before.joined.length}/${LEGIT_DIALS} before (${before.held} sockets held), ` +
          `${after.joined.length}/${LEGIT_DIALS} after (${after.held} held)`,
      )
      expect(before.joined).toHaveLength(0)
      expect(after.joined).toHaveLength(LEGIT_DIALS)
      expect(before.held).toBe(10)
      expect(after.held).toBe(3)
      // The sockets still hold their slots while a legitimate peer joins gossip.
      const first = after.joined[0]
      if (first === undefined) throw new Error('no legitimate peer joined')
      await untilFullyConnected([after.target, first])
    })
  }

  async function identityFloodRun(admission: Partial<Libp2pPeerNetworkOptions>) {
    const maxConnections = 20
    const target = await started({ ...admission, maxConnections })
    const key = await generateKeyPair('Ed25519')
    const attacker = await createLibp2pNode(parseNetworkConfig(testConfig()), { privateKey: key })
    attackers.push(attacker)
    await attacker.start()
    const address = multiaddr(tcpAddress(target))
    let refusedInARow = 0
    for (let i = 0; i < maxConnections + 5 && refusedInARow < 3; i++) {
      try {
        await attacker.dial(address, { force: true })
        refusedInARow = 0
      } catch {
        refusedInARow++
      }
    }
    const held = attacker.getConnections().filter((c) => c.status === 'open').length
    const joined = await legitDials(target, 'private')
    return { target, held, joined, maxConnections }
  }

  it('one identity force-dialling no longer takes every connection slot', async () => {
    const before = await identityFloodRun(BEFORE)
    await Promise.all(attackers.splice(0).map((node) => node.stop()))
    await fleet.cleanup()
    const after = await identityFloodRun(AFTER)
    console.log(
      `[admission] one identity force-dialling (maxConnections ${before.maxConnections}): ` +
        `legit dials succeeded ${before.joined.length}/${LEGIT_DIALS} before (attacker held ${before.held}), ` +
        `${after.joined.length}/${LEGIT_DIALS} after (attacker held ${after.held})`,
    )
    expect(before.held).toBeGreaterThanOrEqual(before.maxConnections - 1)
    expect(before.joined).toHaveLength(0)
    expect(after.held).toBeLessThanOrEqual(3)
    expect(after.joined).toHaveLength(LEGIT_DIALS)
    // Each refused attempt is counted by reason, not only logged at debug.
    expect(after.target.admissionRefusals().connections_per_peer).toBeGreaterThanOrEqual(1)
    expect(before.target.admissionRefusals().connections_per_peer).toBeUndefined()
    const first = after.joined[0]
    if (first === undefined) throw new Error('no legitimate peer joined')
    await untilFullyConnected([after.target, first])
  })
})
