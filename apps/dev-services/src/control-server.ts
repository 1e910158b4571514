import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type Logger, P2PError, type Startable } from '@p2p/domain'
import type { SimulatedBlockValidator, SimulatedChain } from '@p2p/simulated-chain'

const MAX_BODY_BYTES = 4_096

type Route = (body: Record<string, unknown>) => unknown

export interface ControlServerDeps {
  readonly chain: SimulatedChain
  readonly validator: SimulatedBlockValidator
  readonly logger: Logger
}

export interface ControlServerOptions {
  /** `host:port` or `:port` (all interfaces); port 0 picks one (see `port`). */
  readonly address: string
}

/**
 * A small HTTP endpoint to drive the simulated chain by hand (or from a test harness):
 * `POST /mine`, `POST /subtree`, `POST /reject {"reason"?}`, `GET /status`, `GET /health`.
 */
export class ControlServer implements Startable {
  private server: Server | undefined
  private boundPort: number | undefined
  private readonly routes: Record<string, Route>

  constructor(
    private readonly deps: ControlServerDeps,
    private readonly options: ControlServerOptions,
  ) {
    const { chain, validator } = deps
    this.routes = {
      'GET /health': () => 'OK',
      'GET /status': () => {
        const best = chain.bestHeaderRecord().info
        return {
          best: { hash: best.hash, height: best.height },
          producing: chain.producing,
          // Flat records: the harnesses and the bench read hash, baseUrl, peerId and atMs.
          validatorCalls: validator.calls
            .slice(-20)
            .map(({ kind, announcement, atMs }) => ({ kind, ...announcement, atMs })),
        }
      },
      'POST /mine': () => {
        const block = chain.mineBlock()
        return { hash: block.info.hash, height: block.info.height, subtrees: block.subtreeCount }
      },
      'POST /subtree': () => chain.addSubtree(),
      'POST /reject': (body) => chain.rejectTx(typeof body.reason === 'string' ? body.reason : undefined),
    }
  }

  /** The port listened on (the one picked, for port 0); undefined unless started. */
  get port(): number | undefined {
    return this.boundPort
  }

  async start(): Promise<void> {
    const { address } = this.options
    const separator = address.lastIndexOf(':')
    const host = address.slice(0, separator).replace(/^\[|\]$/g, '') || '0.0.0.0'
    const port = Number(address.slice(separator + 1))
    const server = createServer((request, response) => void this.handle(request, response))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    const bound = server.address()
    this.boundPort = typeof bound === 'object' && bound !== null ? bound.port : port
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    this.boundPort = undefined
    if (server === undefined) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const route = this.routes[`${request.method} ${path}`]
    if (route === undefined) return send(response, 404, { error: `no route ${request.method} ${path}` })
    try {
      const result = route(await readJsonBody(request))
      send(response, 200, result)
    } catch (error) {
      const status = error instanceof P2PError && error.code === 'invalid_json' ? 400 : 500
      this.deps.logger.warn('dev services control request failed', { path, error: String(error) })
      send(response, status, { error: error instanceof Error ? error.message : String(error) })
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text =
    typeof body === 'string'
      ? body
      : JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' })
  response.end(text)
}

async function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new P2PError('invalid_json', `the body exceeds ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // reported below
  }
  throw new P2PError('invalid_json', 'the body must be a JSON object')
}
