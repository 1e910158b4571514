import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2pNode, parseNetworkConfig } from '@p2p/libp2p-network'
import { SHARED_KEY, TOPIC_PREFIX } from './peers.js'

const SUFFIX = {
  bestBlock: 'bestblock',
  block: 'block',
  subtree: 'subtree',
  miningOn: 'miningon',
  rejectedTx: 'rejected_tx',
}
export type RogueTopic = keyof typeof SUFFIX

/**
 * A misbehaving peer with the right PSK: a bare libp2p node with our transports and gossipsub
 * options, which publishes whatever bytes the test gives it (our adapter would refuse to).
 */
export async function startRogue() {
  const privateKey = await generateKeyPair('Ed25519')
  const config = parseNetworkConfig({
    listen: { ip: '127.0.0.1', port: 0 },
    topicNames: Object.fromEntries(
      Object.entries(SUFFIX).map(([kind, suffix]) => [kind, `${TOPIC_PREFIX}-${suffix}`]),
    ),
    privateNetwork: { sharedKey: SHARED_KEY },
  })
  const node = await createLibp2pNode(config, { privateKey })
  await node.start()
  for (const name of Object.values(config.topicNames)) node.services.pubsub.subscribe(name)
  const encoder = new TextEncoder()
  return {
    node,
    peerId: node.peerId.toString(),
    dial: (address: string) => node.dial(multiaddr(address), { signal: AbortSignal.timeout(5_000) }),
    connectedTo: (peerId: string) => node.getConnections().some((c) => c.remotePeer.toString() === peerId),
    publish: (topic: RogueTopic, payload: string | Uint8Array) =>
      node.services.pubsub.publish(
        config.topicNames[topic] ?? topic,
        typeof payload === 'string' ? encoder.encode(payload) : payload,
      ),
    stop: () => node.stop(),
  }
}
