import { request as httpsRequest } from 'node:https'
import { fileURLToPath } from 'node:url'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpFace, type NodeStatus } from '../src/index.js'
import { HEALTHY_STATUS, startFace } from './face-harness.js'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

describe('the HTTP face', () => {
  const stops: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop()
  })

  it('answers /health with 200 OK while healthy and 503 with the reason otherwise', async () => {
    let status = HEALTHY_STATUS
    const h = await startFace({}, new SystemClock(), () => status)
    stops.push(h.stop)
    const healthy = await fetch(`${h.base}/health`)
    expect([healthy.status, await healthy.text()]).toEqual([200, 'OK'])
    status = { ...HEALTHY_STATUS, healthy: false, reason: 'blockchain service down' }
    const sick = await fetch(`${h.base}/health`)
    expect([sick.status, await sick.text()]).toEqual([503, 'unhealthy: blockchain service down'])
    const detail = await fetch(`${h.base}/health?detail=1`)
    expect(detail.status).toBe(503)
    expect(await detail.json()).toMatchObject({
      healthy: false,
      reason: 'blockchain service down',
      version: '0.1.0-test',
      // Per upstream: state, since, and for subscriptions how quiet they are and how often they failed.
      upstreams: {
        blockchain: {
          state: 'up',
          sinceMs: 0,
          quietForMs: 130_000,
          lastMessageMs: 1_700_000_000_000,
          failures: 1,
          reconnects: 1,
        },
      },
    })
  })

  it('shows strangers upstream states and counts but not their detail text, unless statusDetail', async () => {
    const failing: NodeStatus = {
      ...HEALTHY_STATUS,
      healthy: false,
      reason: 'blockchain down',
      upstreams: {
        ...HEALTHY_STATUS.upstreams,
        blockchain: {
          state: 'down',
          detail: 'cannot connect to the blockchain service at 10.0.0.5:8087',
          sinceMs: 1_700_000_000_000,
          failures: 3,
          reconnects: 2,
        },
        blockValidation: {
          state: 'connecting',
          detail: 'connecting to bv.internal:8088',
          sinceMs: 1_700_000_000_000,
        },
      },
    }
    const bodies = async (base: string) => [
      await (await fetch(`${base}/health?detail=1`)).text(),
      await (await fetch(`${base}/status`)).text(),
      await (await fetch(`${base}/health`)).text(),
    ]
    const hidden = await startFace({}, new SystemClock(), () => failing)
    stops.push(hidden.stop)
    for (const body of await bodies(hidden.base)) {
      for (const secret of ['10.0.0.5', '8087', 'bv.internal', 'cannot connect'])
        expect(body).not.toContain(secret)
    }
    const detail = (await (await fetch(`${hidden.base}/health?detail=1`)).json()) as NodeStatus
    expect(detail).toMatchObject({
      reason: 'blockchain down',
      upstreams: {
        blockchain: { state: 'down', sinceMs: 1_700_000_000_000, failures: 3, reconnects: 2 },
        blockValidation: { state: 'connecting', sinceMs: 1_700_000_000_000 },
      },
    })
    expect(detail.upstreams.blockchain).not.toHaveProperty('detail')

    const shown = await startFace({ statusDetail: true }, new SystemClock(), () => failing)
    stops.push(shown.stop)
    const [health, status] = await bodies(shown.base)
    for (const body of [health, status]) {
      expect(body).toContain('cannot connect to the blockchain service at 10.0.0.5:8087')
      expect(body).toContain('connecting to bv.internal:8088')
    }
  })

  it('serves /status as JSON with peers, topics, upstreams, uptime and version, never cached', async () => {
    const h = await startFace()
    stops.push(h.stop)
    const response = await fetch(`${h.base}/status`)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(HEALTHY_STATUS)))
  })

  it('serves /metrics from the exposition it is given, and 404 without one', async () => {
    const metrics = new MemoryMetrics()
    const face = new HttpFace(
      {
        clock: new SystemClock(),
        logger: new MemoryLogger(),
        metrics,
        status: () => HEALTHY_STATUS,
        metricsExposition: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'p2p_peers 3\n' }),
      },
      { listen: '127.0.0.1:0' },
    )
    await face.start()
    stops.push(() => face.stop())
    const response = await fetch(`http://127.0.0.1:${face.port}/metrics`)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/)
    expect(await response.text()).toBe('p2p_peers 3\n')
    const h = await startFace()
    stops.push(h.stop)
    expect((await fetch(`${h.base}/metrics`)).status).toBe(404)
  })

  it('serves /debug/trace from what it is given, never cached, and 404 saying how to turn it on without', async () => {
    const traced = { sampleRate: 0.5, messages: [{ hash: 'ab'.repeat(32), stages: { received: 1.5 } }] }
    const face = new HttpFace(
      {
        clock: new SystemClock(),
        logger: new MemoryLogger(),
        metrics: new MemoryMetrics(),
        status: () => HEALTHY_STATUS,
        traced: () => traced,
      },
      { listen: '127.0.0.1:0' },
    )
    await face.start()
    stops.push(() => face.stop())
    const response = await fetch(`http://127.0.0.1:${face.port}/debug/trace`)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual(traced)
    const h = await startFace()
    stops.push(h.stop)
    const off = await fetch(`${h.base}/debug/trace`)
    expect(off.status).toBe(404)
    expect(await off.text()).toContain('p2p_trace_sample_rate')
  })

  it('serves the dashboard at / with a strict content security policy, and 404 for the unknown', async () => {
    const h = await startFace()
    stops.push(h.stop)
    const page = await fetch(`${h.base}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('x-powered-by')).toBeNull()
    expect((await fetch(`${h.base}/nothing-here`)).status).toBe(404)
    const { WebSocket } = await import('ws')
    const elsewhere = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${h.port}/elsewhere`)
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.on('error', () => resolve(-1))
    })
    expect(elsewhere).toBe(404)
  })

  it('serves HTTPS from the certificate files when TLS is configured', async () => {
    const face = new HttpFace(
      {
        clock: new SystemClock(),
        logger: new MemoryLogger(),
        metrics: new MemoryMetrics(),
        status: () => HEALTHY_STATUS,
      },
      {
        listen: '127.0.0.1:0',
        tls: { certFile: fixture('test-cert.pem'), keyFile: fixture('test-key.pem') },
      },
    )
    await face.start()
    const port = face.port
    stops.push(() => face.stop())
    const body = await new Promise<string>((resolve, reject) => {
      const request = httpsRequest(
        { host: '127.0.0.1', port, path: '/health', rejectUnauthorized: false },
        (response) => {
          let text = ''
          response.on('data', (chunk) => {
            text += String(chunk)
          })
          response.on('end', () => resolve(text))
        },
      )
      request.on('error', reject)
      request.end()
    })
    expect(body).toBe('OK')
  })

  it('refuses to start with a missing certificate file, naming the setting and the path', async () => {
    const face = new HttpFace(
      {
        clock: new SystemClock(),
        logger: new MemoryLogger(),
        metrics: new MemoryMetrics(),
        status: () => HEALTHY_STATUS,
      },
      { listen: '127.0.0.1:0', tls: { certFile: '/nonexistent/cert.pem', keyFile: fixture('test-key.pem') } },
    )
    await expect(face.start()).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('server_certFile /nonexistent/cert.pem (ENOENT)'),
    })
    await face.stop()
  })

  it('refuses a taken port and a malformed listen address with invalid_config', async () => {
    const h = await startFace()
    stops.push(h.stop)
    const deps = {
      clock: new SystemClock(),
      logger: new MemoryLogger(),
      metrics: new MemoryMetrics(),
      status: () => HEALTHY_STATUS,
    }
    await expect(new HttpFace(deps, { listen: `127.0.0.1:${h.port}` }).start()).rejects.toMatchObject({
      code: 'invalid_config',
    })
    await expect(new HttpFace(deps, { listen: 'nonsense' }).start()).rejects.toMatchObject({
      code: 'invalid_config',
    })
  })
})
