import { fileURLToPath } from 'node:url'
import type { Logger } from '@p2p/domain'
import express, { type NextFunction, type Request, type Response } from 'express'
import type { NodeStatus } from './node-status.js'
import { publicStatus } from './public-status.js'

export interface MetricsExposition {
  readonly contentType: string
  readonly body: string
}

export interface HttpAppDeps {
  readonly status: () => NodeStatus
  readonly metrics?: () => Promise<MetricsExposition>
  /** What `/debug/trace` answers: the sampled messages' stage times; the route is off without it. */
  readonly traced?: () => unknown
  readonly logger: Logger
  /** Show upstreams' own detail text (addresses, errors) on `/health?detail=1` and `/status`. */
  readonly exposeStatusDetail?: boolean
  /** Longer request targets are answered 414 (the parser's own limit is the header size). */
  readonly maxUrlBytes?: number
}

/** The dashboard's files, shipped with the package (no CDN: the page works offline). */
export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url))

const json = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v))

/** Routes: `/health`, `/status`, `/metrics`, `/debug/trace`, and the dashboard at `/`. */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  const status = () => publicStatus(deps.status(), deps.exposeStatusDetail === true)
  const maxUrlBytes = deps.maxUrlBytes
  app.use((request, response, next) => {
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Referrer-Policy', 'no-referrer')
    response.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    )
    if (maxUrlBytes !== undefined && Buffer.byteLength(request.originalUrl) > maxUrlBytes) {
      response.status(414).type('text/plain').send('URI too long')
      return
    }
    next()
  })

  app.get('/health', (request, response) => {
    const current = status()
    const code = current.healthy ? 200 : 503
    if (request.query.detail !== undefined) {
      response.status(code).type('application/json').send(json(current))
    } else {
      response
        .status(code)
        .type('text/plain')
        .send(current.healthy ? 'OK' : `unhealthy: ${current.reason ?? 'unknown'}`)
    }
  })

  app.get('/status', (_request, response) => {
    response.type('application/json').setHeader('Cache-Control', 'no-store').send(json(status()))
  })

  app.get('/metrics', async (_request, response, next) => {
    if (deps.metrics === undefined) {
      response.status(404).type('text/plain').send('metrics are not enabled')
      return
    }
    try {
      const exposition = await deps.metrics()
      response.type(exposition.contentType).send(exposition.body)
    } catch (error) {
      next(error)
    }
  })

  app.get('/debug/trace', (_request, response) => {
    if (deps.traced === undefined) {
      response.status(404).type('text/plain').send('tracing is off: set p2p_trace_sample_rate above 0')
      return
    }
    response.type('application/json').setHeader('Cache-Control', 'no-store').send(json(deps.traced()))
  })

  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0, dotfiles: 'ignore' }))

  app.use((_request, response) => {
    response.status(404).type('text/plain').send('not found')
  })

  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    deps.logger.error('http request failed', { path: request.path, error: String(error) })
    if (!response.headersSent) response.status(500).type('text/plain').send('internal error')
  })
  return app
}
