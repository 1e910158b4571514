import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js'
import type { Logger } from '@p2p/domain'
import { P2PError } from '@p2p/domain'
import { BlockchainAPI } from '../gen/blockchain_api/blockchain_api_pb.js'
import { BlockValidationAPI } from '../gen/blockvalidation_api/blockvalidation_api_pb.js'
import { ValidatorAPI } from '../gen/validator_api/validator_api_pb.js'
import { grpcServiceDefinition } from '../grpc/service-definition.js'
import type { BlockValidationBackend, ChainBackend, RejectedTxBackend } from './backends.js'
import { blockValidationHandlers } from './block-validation-service.js'
import { blockchainHandlers } from './blockchain-service.js'
import { validatorHandlers } from './validator-service.js'

export interface NodeServicesBackends {
  readonly chain?: ChainBackend
  readonly blockValidation?: BlockValidationBackend
  readonly rejectedTxs?: RejectedTxBackend
}

/**
 * Serves the node-service APIs the P2P service is a client of, from the given backends, on one
 * port: the development stand-in for a node's blockchain, block validation and validator services.
 */
export class NodeServicesServer {
  private server: Server | undefined
  private boundPort: number | undefined

  constructor(
    private readonly backends: NodeServicesBackends,
    private readonly logger: Logger,
  ) {}

  /** Listens on `host:port` (port 0 picks one); resolves with the port. */
  async start(address: string): Promise<number> {
    if (this.server !== undefined)
      throw new P2PError('internal', 'the node services server is already started')
    // channelz keeps per-call statistics and traces for a debugging service we never serve.
    const server = new Server({ 'grpc.enable_channelz': 0 })
    const { chain, blockValidation, rejectedTxs } = this.backends
    if (chain !== undefined)
      server.addService(grpcServiceDefinition(BlockchainAPI), implementation(blockchainHandlers(chain)))
    if (blockValidation !== undefined) {
      server.addService(
        grpcServiceDefinition(BlockValidationAPI),
        implementation(blockValidationHandlers(blockValidation)),
      )
    }
    if (rejectedTxs !== undefined)
      server.addService(grpcServiceDefinition(ValidatorAPI), implementation(validatorHandlers(rejectedTxs)))
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) =>
        error === null
          ? resolve(bound)
          : reject(
              new P2PError('invalid_config', `cannot listen on ${address}: ${error.message}`, {
                cause: error,
              }),
            ),
      ),
    )
    this.server = server
    this.boundPort = port
    this.logger.info('node services listening', { address, port })
    return port
  }

  get port(): number | undefined {
    return this.boundPort
  }

  /** Ends every open stream and stops listening; waits at most `graceMs` for calls to finish. */
  async stop(graceMs = 1_000): Promise<void> {
    const server = this.server
    this.server = undefined
    if (server === undefined) return
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown()
        resolve()
      }, graceMs)
      server.tryShutdown(() => {
        clearTimeout(force)
        resolve()
      })
    })
  }
}

function implementation(handlers: object): UntypedServiceImplementation {
  return handlers as UntypedServiceImplementation
}
