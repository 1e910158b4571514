import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub, StrictSign } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import type { PrivateKey } from '@libp2p/interface'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import * as network from '@p2p/libp2p-network'
import {
  GOSSIP_MAX_MESSAGE_BYTES,
  parseNetworkConfig,
  parsePreSharedKey,
  pskProtector,
} from '@p2p/libp2p-network'
import { createLibp2p } from 'libp2p'
import { BENCH_SHARED_KEY, BENCH_TOPIC_NAMES } from './constants.js'

export type BareNode = Awaited<ReturnType<typeof mirroredNode>>

type CreateNode = (config: ReturnType<typeof parseNetworkConfig>, privateKey: PrivateKey) => Promise<BareNode>

/**
 * The adapter's own `createNode` when the package exports it (as `createLibp2pNode`), so the
 * baseline has exactly our options; otherwise the mirror below. `source` says which one ran.
 */
export async function createBareNode(privateKey: PrivateKey): Promise<{ node: BareNode; source: string }> {
  const exported = (network as Record<string, unknown>).createLibp2pNode
  if (typeof exported === 'function') {
    const config = parseNetworkConfig({
      listen: { ip: '127.0.0.1', port: 0 },
      topicNames: BENCH_TOPIC_NAMES,
      privateNetwork: { sharedKey: BENCH_SHARED_KEY },
    })
    return { node: await (exported as CreateNode)(config, privateKey), source: 'createLibp2pNode' }
  }
  return { node: await mirroredNode(privateKey), source: 'mirror of create-node.ts' }
}

/**
 * The libp2p node our network adapter builds (packages/libp2p-network/src/node/create-node.ts and
 * gossip/gossip-options.ts, private-network branch, as committed before `createLibp2pNode` was
 * exported), for a package that does not export it: the same transports, PSK protector,
 * encryption, muxer, connection limits and gossipsub options, with nothing of ours on top (no
 * topic validator, no discovery loop, no core).
 */
function mirroredNode(privateKey: PrivateKey) {
  return createLibp2p({
    start: false,
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp(), webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionProtector: pskProtector({
      psk: parsePreSharedKey(BENCH_SHARED_KEY),
      handshakeTimeoutMs: 5_000,
    }),
    connectionManager: { inboundConnectionThreshold: 100, maxConnections: 300 },
    connectionMonitor: { abortConnectionOnPingFailure: false },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        globalSignaturePolicy: StrictSign,
        emitSelf: true,
        allowPublishToZeroTopicPeers: true,
        fallbackToFloodsub: false,
        floodPublish: true,
        D: 4,
        Dlo: 2,
        Dhi: 8,
        Dout: 1,
        Dscore: 2,
        Dlazy: 6,
        maxInboundDataLength: GOSSIP_MAX_MESSAGE_BYTES,
        allowedTopics: Object.values(BENCH_TOPIC_NAMES),
        doPX: false,
      }),
      dht: kadDHT({ protocol: '/ubsv/kad/1.0.0', clientMode: false, peerInfoMapper: passthroughMapper }),
    },
  })
}
