import type {
  BlockValidator,
  ChainNotifier,
  Clock,
  Logger,
  RejectedTxSource,
  UpstreamMetrics,
} from '@p2p/domain'
import { GrpcBlockValidator, GrpcChainNotifier, GrpcRejectedTxSource } from '@p2p/grpc-services'
import { createSimulatedServices, type SimulatedServices } from '@p2p/simulated-chain'
import type { Settings } from '../settings/settings-schema.js'

export interface NodeServices {
  readonly chain: ChainNotifier
  readonly validator: BlockValidator
  readonly rejectedTxs: RejectedTxSource
  /** Which adapter serves each port, for the startup log. */
  readonly choice: Readonly<Record<'chain' | 'validator' | 'rejectedTxs', string>>
  /** The embedded chain, when any port uses it. */
  readonly simulated?: SimulatedServices
}

/**
 * Adapter selection by configuration: a node-service address that is set selects the gRPC
 * adapter for its port; an unset one selects the embedded simulated service.
 */
export function buildNodeServices(
  settings: Settings,
  dataHubUrl: string,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly metrics: UpstreamMetrics },
): NodeServices {
  const {
    blockchain_grpcAddress: chainAt,
    blockvalidation_grpcAddress: validatorAt,
    validator_grpcAddress: txAt,
  } = settings
  const simulated =
    chainAt === undefined || validatorAt === undefined || txAt === undefined
      ? createSimulatedServices(
          {
            clock: deps.clock,
            onError: (error) =>
              deps.logger.error('embedded chain failed', { code: error.code, reason: error.message }),
          },
          {
            chain: {
              baseUrl: dataHubUrl,
              blockIntervalMs: settings.sim_block_interval_ms,
              subtreeIntervalMs: settings.sim_subtree_interval_ms,
              rejectedTxIntervalMs: settings.sim_rejected_tx_interval_ms,
            },
          },
        )
      : undefined
  const upstream = (name: string) => ({ ...deps, logger: deps.logger.child({ upstream: name }) })
  const pick = <T>(
    address: string | undefined,
    grpc: (address: string) => T,
    embedded: () => T,
  ): [T, string] =>
    address === undefined ? [embedded(), 'embedded simulated chain'] : [grpc(address), `gRPC at ${address}`]
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the embedded services were not built')
    return value
  }
  const [chain, chainChoice] = pick<ChainNotifier>(
    chainAt,
    (address) => new GrpcChainNotifier({ address }, upstream('blockchain')),
    () => need(simulated).chainNotifier,
  )
  const [validator, validatorChoice] = pick<BlockValidator>(
    validatorAt,
    (address) => new GrpcBlockValidator({ address }, upstream('blockValidation')),
    () => need(simulated).blockValidator,
  )
  const [rejectedTxs, txChoice] = pick<RejectedTxSource>(
    txAt,
    (address) => new GrpcRejectedTxSource({ address }, upstream('validator')),
    () => need(simulated).rejectedTxSource,
  )
  return {
    chain,
    validator,
    rejectedTxs,
    choice: { chain: chainChoice, validator: validatorChoice, rejectedTxs: txChoice },
    ...(simulated === undefined ? {} : { simulated }),
  }
}
