// Must stay the first import: libp2p needs these globals on Node 20 before its modules load.
import './shims/node20.js'

export {
  type Libp2pPeerNetworkOptions,
  type NetworkConfig,
  networkConfigSchema,
  parseNetworkConfig,
  SPEC_ERA_DHT_PROTOCOL_PREFIX,
  SPEC_ERA_DIRECT_PROTOCOL,
} from './config/network-config.js'
export { bootstrapAddressProblem, peerAddressProblem } from './config/peer-address.js'
export { classifyDialFailure, type DialFailure } from './discovery/dial-policy.js'
export { rendezvousCid } from './discovery/rendezvous-cid.js'
export { GOSSIP_MAX_MESSAGE_BYTES } from './gossip/gossip-options.js'
export * from './identity/index.js'
export { Libp2pPeerNetwork, type Libp2pPeerNetworkDeps } from './libp2p-peer-network.js'
/** A bare node with our transports, PSK and gossipsub options; for tests that need a peer that misbehaves. */
export { createNode as createLibp2pNode, type Libp2pNode } from './node/create-node.js'
export * from './pnet/index.js'
export { DEFAULT_BAN_FILE_NAME } from './reputation/ban-file.js'
export type { BanRecord } from './reputation/ban-scores.js'
