import { SimulatedBlockValidator, type SimulatedBlockValidatorOptions } from './simulated-block-validator.js'
import { SimulatedChain, type SimulatedChainDeps } from './simulated-chain.js'
import { SimulatedChainNotifier } from './simulated-chain-notifier.js'
import type { SimulatedChainOptionsInput } from './simulated-chain-options.js'
import { SimulatedRejectedTxSource } from './simulated-rejected-tx-source.js'

export interface SimulatedServices {
  readonly chain: SimulatedChain
  readonly chainNotifier: SimulatedChainNotifier
  readonly blockValidator: SimulatedBlockValidator
  readonly rejectedTxSource: SimulatedRejectedTxSource
}

export interface SimulatedServicesOptions {
  readonly chain?: SimulatedChainOptionsInput
  readonly validator?: SimulatedBlockValidatorOptions
}

/** The three node services the P2P service needs, over one simulated chain. */
export function createSimulatedServices(
  deps: SimulatedChainDeps,
  options: SimulatedServicesOptions = {},
): SimulatedServices {
  const chain = new SimulatedChain(deps, options.chain)
  return {
    chain,
    chainNotifier: new SimulatedChainNotifier({ chain }),
    blockValidator: new SimulatedBlockValidator({ clock: chain.clock }, options.validator),
    rejectedTxSource: new SimulatedRejectedTxSource({ chain }),
  }
}
