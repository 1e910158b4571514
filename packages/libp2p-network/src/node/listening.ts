import type { Multiaddr } from '@multiformats/multiaddr'

/** What this service reads of libp2p's components: the transports' own listeners. */
interface ListeningComponents {
  readonly transportManager: { getAddrs(): Multiaddr[] }
}

/** Where the node's transports listen, as bound (0.0.0.0 stays 0.0.0.0), whatever is announced. */
export interface Listening {
  addresses(): string[]
}

/**
 * A libp2p service that tells where we listen. `getMultiaddrs()` gives the announced addresses,
 * which are empty on a LAN when private addresses are not shared; an operator still needs to see
 * the ports the node bound.
 */
export function listening(): (components: ListeningComponents) => Listening {
  return (components) => ({
    addresses: () => components.transportManager.getAddrs().map((address) => address.toString()),
  })
}
