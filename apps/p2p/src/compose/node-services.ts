import type {
  BlockValidator,
  ChainNotifier,
  Clock,
  Logger,
  RejectedTxSource,
  UpstreamMetrics,
} from '@p2p/domain'
import type { SimulatedServices } from '@p2p/simulated-chain'
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
 * adapter for its port; an unset one selects the embedded simulated service. Each adapter
 * package is imported only when a port uses it: gRPC with its generated protobuf code is a large
 * part of what an idle node keeps in memory, and a node on the embedded chain never calls it.
 */
export async function buildNodeServices(
  settings: Settings,
  dataHubUrl: string,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly metrics: UpstreamMetrics },
): Promise<NodeServices> {
  const {
    blockchain_grpcAddress: chainAt,
    blockvalidation_grpcAddress: validatorAt,
    validator_grpcAddress: txAt,
  } = settings
  const simulated =
    chainAt === undefined || validatorAt === undefined || txAt === undefined
      ? (await import('@p2p/simulated-chain')).createSimulatedServices(
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
  const grpc =
    chainAt === undefined && validatorAt === undefined && txAt === undefined
      ? undefined
      : await import('@p2p/grpc-services')
  const upstream = (name: string) => ({ ...deps, logger: deps.logger.child({ upstream: name }) })
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} were not loaded`)
    return value
  }
  const pick = <T>(
    address: string | undefined,
    viaGrpc: (adapters: typeof import('@p2p/grpc-services'), address: string) => T,
    embedded: (services: SimulatedServices) => T,
  ): [T, string] =>
    address === undefined
      ? [embedded(need(simulated, 'embedded services')), 'embedded simulated chain']
      : [viaGrpc(need(grpc, 'gRPC adapters'), address), `gRPC at ${address}`]
  const [chain, chainChoice] = pick<ChainNotifier>(
    chainAt,
    (adapters, address) => new adapters.GrpcChainNotifier(upstream('blockchain'), { address }),
    (services) => services.chainNotifier,
  )
  const [validator, validatorChoice] = pick<BlockValidator>(
    validatorAt,
    (adapters, address) => new adapters.GrpcBlockValidator(upstream('blockValidation'), { address }),
    (services) => services.blockValidator,
  )
  const [rejectedTxs, txChoice] = pick<RejectedTxSource>(
    txAt,
    (adapters, address) => new adapters.GrpcRejectedTxSource(upstream('validator'), { address }),
    (services) => services.rejectedTxSource,
  )
  return {
    chain,
    validator,
    rejectedTxs,
    choice: { chain: chainChoice, validator: validatorChoice, rejectedTxs: txChoice },
    ...(simulated === undefined ? {} : { simulated }),
  }
}
