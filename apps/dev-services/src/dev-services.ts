import { type Clock, type Logger, P2PError, type Startable } from '@p2p/domain'
import { type NodeServicesBackends, NodeServicesServer } from '@p2p/grpc-services'
import {
  SimulatedBlockValidator,
  SimulatedChain,
  type SimulatedChainOptionsInput,
} from '@p2p/simulated-chain'
import { blockValidationBackend, chainBackend, rejectedTxBackend } from './backends.js'
import { ControlServer } from './control-server.js'

export interface DevServicesOptions {
  readonly grpc: { readonly blockchain: string; readonly blockValidation: string; readonly validator: string }
  /** The control endpoint; absent = none. */
  readonly http?: string | undefined
  readonly chain?: SimulatedChainOptionsInput
}

export interface DevServicesPorts {
  readonly blockchain: number
  readonly blockValidation: number
  readonly validator: number
  readonly http?: number
}

type ServiceName = keyof DevServicesOptions['grpc']

export interface DevServicesDeps {
  readonly clock: Clock
  readonly logger: Logger
}

/**
 * The node services of a development node: the three gRPC APIs served from one simulated chain
 * (services given the same address share a server), and a small HTTP control endpoint.
 */
export class DevServices implements Startable {
  readonly chain: SimulatedChain
  readonly validator: SimulatedBlockValidator
  private readonly servers: NodeServicesServer[] = []
  private control: ControlServer | undefined
  private releaseProduction: (() => void) | undefined
  private boundPorts: DevServicesPorts | undefined

  constructor(
    private readonly deps: DevServicesDeps,
    private readonly options: DevServicesOptions,
  ) {
    this.chain = new SimulatedChain(
      {
        clock: deps.clock,
        onError: (error) =>
          deps.logger.error('simulated chain failed', { code: error.code, reason: error.message }),
      },
      options.chain,
    )
    this.validator = new SimulatedBlockValidator({ clock: deps.clock })
  }

  /** The ports listened on (those picked, for port 0); undefined unless started. */
  get ports(): DevServicesPorts | undefined {
    return this.boundPorts
  }

  async start(): Promise<void> {
    if (this.releaseProduction !== undefined)
      throw new P2PError('internal', 'the dev services are already started')
    await this.validator.start()
    this.releaseProduction = this.chain.acquireProduction()
    try {
      const ports = await this.listen()
      if (this.options.http !== undefined) {
        const { chain, validator } = this
        this.control = new ControlServer(
          { chain, validator, logger: this.deps.logger },
          { address: this.options.http },
        )
        await this.control.start()
        this.boundPorts = { ...ports, http: portOf(this.control) }
      } else {
        this.boundPorts = ports
      }
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  async stop(): Promise<void> {
    this.boundPorts = undefined
    this.releaseProduction?.()
    this.releaseProduction = undefined
    await this.control?.stop()
    this.control = undefined
    await Promise.all(this.servers.splice(0).map((server) => server.stop()))
    await this.validator.stop()
  }

  /** One server per distinct address, serving every service configured on it. */
  private async listen(): Promise<Omit<DevServicesPorts, 'http'>> {
    const backends: Record<ServiceName, NodeServicesBackends> = {
      blockchain: { chain: chainBackend(this.chain) },
      blockValidation: { blockValidation: blockValidationBackend(this.validator) },
      validator: { rejectedTxs: rejectedTxBackend(this.chain) },
    }
    const byAddress = new Map<string, ServiceName[]>()
    for (const [service, address] of Object.entries(this.options.grpc) as Array<[ServiceName, string]>) {
      // Port 0 means "any free port" for each service, so those never share.
      const key = address.endsWith(':0') ? `${address}#${service}` : address
      byAddress.set(key, [...(byAddress.get(key) ?? []), service])
    }
    const ports: Partial<Record<ServiceName, number>> = {}
    for (const [key, services] of byAddress) {
      const server = new NodeServicesServer(
        { backends: Object.assign({}, ...services.map((s) => backends[s])), logger: this.deps.logger },
        { address: key.split('#')[0] as string },
      )
      this.servers.push(server)
      await server.start()
      for (const service of services) ports[service] = portOf(server)
    }
    return ports as Omit<DevServicesPorts, 'http'>
  }
}

function portOf(server: { readonly port: number | undefined }): number {
  if (server.port === undefined) throw new P2PError('internal', 'a started server has no port')
  return server.port
}
