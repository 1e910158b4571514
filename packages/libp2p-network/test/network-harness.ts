import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Logger, PeerNetwork } from '@p2p/domain'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { Libp2pPeerNetwork, type Libp2pPeerNetworkDeps, type Libp2pPeerNetworkOptions } from '../src/index.js'

/** A PSK every test network shares (64 hex chars); tests of the protector use their own. */
export const TEST_SHARED_KEY = '5a'.repeat(32)
export const TEST_TOPIC_PREFIX = 'test.teranode-p2p-ts'

export function testConfig(overrides: Partial<Libp2pPeerNetworkOptions> = {}): Libp2pPeerNetworkOptions {
  return {
    listen: { ip: '127.0.0.1', port: 0 },
    topicNames: {
      bestBlock: `${TEST_TOPIC_PREFIX}-bestblock`,
      block: `${TEST_TOPIC_PREFIX}-block`,
      subtree: `${TEST_TOPIC_PREFIX}-subtree`,
      miningOn: `${TEST_TOPIC_PREFIX}-miningon`,
      rejectedTx: `${TEST_TOPIC_PREFIX}-rejected_tx`,
    },
    privateNetwork: { sharedKey: TEST_SHARED_KEY },
    discoveryIntervalMs: 300,
    advertiseIntervalMs: 2_000,
    staticPeerRedialMs: { initial: 100, max: 1_000 },
    ...overrides,
  }
}

export interface TestNetwork {
  readonly network: Libp2pPeerNetwork
  readonly logger: MemoryLogger
}

/** Owns every network a test makes, so one cleanup stops them all. */
export class NetworkFleet {
  private readonly made: Libp2pPeerNetwork[] = []

  async create(
    overrides: Partial<Libp2pPeerNetworkOptions> = {},
    privateKey?: Awaited<ReturnType<typeof generateKeyPair>>,
    deps: Pick<Libp2pPeerNetworkDeps, 'now'> = {},
  ) {
    const logger = new MemoryLogger()
    const key = privateKey ?? (await generateKeyPair('Ed25519'))
    const network = new Libp2pPeerNetwork(
      { ...deps, privateKey: key, logger: logger as Logger },
      testConfig(overrides),
    )
    this.made.push(network)
    return { network, logger, privateKey: key }
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.made.splice(0).map((network) => network.stop()))
  }
}

/** The TCP listen address (with /p2p/) of a started network. */
export function tcpAddress(network: Libp2pPeerNetwork): string {
  const address = network.addresses().find((a) => a.includes('/tcp/') && !a.includes('/ws'))
  if (address === undefined) throw new Error('the network has no TCP address; is it started?')
  return address
}

export function wsAddress(network: Libp2pPeerNetwork): string {
  const address = network.addresses().find((a) => a.includes('/ws'))
  if (address === undefined) throw new Error('the network has no websocket address; is it started?')
  return address
}

/** Waits until every node lists every other as a peer subscribed to every topic its wire carries. */
export async function untilFullyConnected(nodes: readonly PeerNetwork[], timeoutMs = 20_000): Promise<void> {
  for (const node of nodes) {
    for (const other of nodes) {
      if (other === node) continue
      await waitFor(
        () => {
          const peer = node.peers().find((p) => p.id === other.peerId)
          return peer !== undefined && node.wire.kinds.every((kind) => peer.topics.includes(kind))
        },
        { timeoutMs, what: `${other.peerId} subscribed on every topic as seen by ${node.peerId}` },
      )
    }
  }
}
