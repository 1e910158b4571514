export {
  BLOCK_VERSION,
  REGTEST_BITS,
  REJECT_REASONS,
  type SimulatedSubtree,
  targetHexOf,
} from './chain-data.js'
export { checkedHeaderRecord, type HeaderRecord } from './header-record.js'
export { MAX_LISTED_SUBTREES } from './pending-subtrees.js'
export type { ProductionLease } from './production.js'
export { type RandomSource, seededRandom } from './random-source.js'
export {
  SIMULATED_CALL_LOG_LIMIT,
  SimulatedBlockValidator,
  type SimulatedBlockValidatorDeps,
  type SimulatedBlockValidatorOptions,
} from './simulated-block-validator.js'
export { type MinedBlock, SimulatedChain, type SimulatedChainDeps } from './simulated-chain.js'
export { SimulatedChainNotifier, type SimulatedChainNotifierDeps } from './simulated-chain-notifier.js'
export {
  parseSimulatedChainOptions,
  type SimulatedChainOptions,
  type SimulatedChainOptionsInput,
  simulatedChainOptionsSchema,
} from './simulated-chain-options.js'
export {
  SimulatedRejectedTxSource,
  type SimulatedRejectedTxSourceDeps,
} from './simulated-rejected-tx-source.js'
export {
  createSimulatedServices,
  type SimulatedServices,
  type SimulatedServicesOptions,
} from './simulated-services.js'
