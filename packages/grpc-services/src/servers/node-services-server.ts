import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js'
import type { Logger, Startable } from '@p2p/domain'
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

export interface NodeServicesServerDeps {
  readonly backends: NodeServicesBackends
  readonly logger: Logger
}

export interface NodeServicesServerOptions {
  /** `host:port`; port 0 picks one (see `port`). */
  readonly address: string
  /** How long `stop` waits for calls to finish before it cuts them. */
  readonly stopGraceMs?: number
}

/**
 * Serves the node-service APIs the P2P service is a client of, from the given backends, on one
 * port: the development stand-in for a node's blockchain, block validation and validator services.
 */
export class NodeServicesServer implements Startable {
  private server: Server | undefined
  private boundPort: number | undefined

  constructor(
    private readonly deps: NodeServicesServerDeps,
    private readonly options: NodeServicesServerOptions,
  ) {}

  async start(): Promise<void> {
    const { address } = this.options
    if (this.server !== undefined)
      throw new P2PError('internal', 'the node services server is already started')
    // channelz keeps per-call statistics and traces for a debugging service we never serve.
    const server = new Server({ 'grpc.enable_channelz': 0 })
    const { chain, blockValidation, rejectedTxs } = this.deps.backends
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
    this.deps.logger.info('node services listening', { address, port })
  }

  /** The port listened on (the one picked, for port 0); undefined unless started. */
  get port(): number | undefined {
    return this.boundPort
  }

  /** Ends every open stream and stops listening; waits at most `stopGraceMs` for calls to finish. */
  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    this.boundPort = undefined
    if (server === undefined) return
    const graceMs = this.options.stopGraceMs ?? 1_000
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
