import type { BlockValidationBackend, ChainBackend, RejectedTxBackend } from '@p2p/grpc-services'
import type { SimulatedBlockValidator, SimulatedChain } from '@p2p/simulated-chain'

/** The simulated chain as what the gRPC servers answer from. */
export function chainBackend(chain: SimulatedChain): ChainBackend {
  return {
    subscribe: (listener) => chain.subscribeChainEvents(listener),
    bestHeaderRecord: () => chain.bestHeaderRecord(),
    headerRecord: (hash) => chain.headerRecord(hash),
  }
}

export function rejectedTxBackend(chain: SimulatedChain): RejectedTxBackend {
  return { subscribe: (listener) => chain.subscribeRejectedTxs(listener) }
}

/** The wire carries no peer id; the recording validator gets an empty one. */
export function blockValidationBackend(validator: SimulatedBlockValidator): BlockValidationBackend {
  return {
    blockFound: (hash, baseUrl) => validator.blockFound({ hash, baseUrl, peerId: '' }),
    subtreeFound: (hash, baseUrl) => validator.subtreeFound({ hash, baseUrl, peerId: '' }),
  }
}
