import { connect, type Socket } from 'node:net'
import { waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startFace } from './face-harness.js'

/** A raw TCP client: what the server sent, and whether it has closed the connection. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  const state = { received: '', closed: false, error: undefined as string | undefined }
  socket.on('data', (chunk) => {
    state.received += chunk.toString('latin1')
  })
  socket.on('error', (error: NodeJS.ErrnoException) => {
    state.error = error.code ?? error.message
  })
  socket.on('close', () => {
    state.closed = true
  })
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  const untilClosed = (what: string) => waitFor(() => state.closed, { timeoutMs: 15_000, what })
  return { socket, state, connected, untilClosed }
}

const bodyOf = (response: string) => response.slice(response.indexOf('\r\n\r\n') + 4)

describe('the HTTP face under hostile load', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function face(options: Parameters<typeof startFace>[0] = {}) {
    const h = await startFace(options)
    cleanups.push(h.stop)
    return h
  }

  function client(port: number) {
    const c = rawClient(port)
    cleanups.push(() => {
      c.socket.destroy()
    })
    return c
  }

  it('answers headers past maxHeaderBytes with 431 and a body, not a reset', async () => {
    const h = await face()
    const c = client(h.port)
    await c.connected
    c.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`)
    await c.untilClosed('the server to answer and close')
    expect(c.state.received).toMatch(/^HTTP\/1\.1 431 /)
    expect(bodyOf(c.state.received)).toBe('request header fields too large\n')
    expect(c.state.error).toBeUndefined()
    // The server is still answering everyone else.
    expect((await fetch(`${h.base}/health`)).status).toBe(200)
  })

  it('answers a URL past maxUrlBytes with 414, whether express or the parser sees it first', async () => {
    const h = await face()
    // Longer than maxUrlBytes (8 KiB) but within the header buffer: express answers.
    const long = await fetch(`${h.base}/health?x=${'a'.repeat(9 * 1024)}`)
    expect([long.status, await long.text()]).toEqual([414, 'URI too long'])
    // Longer than the whole header buffer: the parser gives up, the request line is to blame.
    const c = client(h.port)
    await c.connected
    c.socket.write(`GET /${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
    await c.untilClosed('the server to answer and close')
    expect(c.state.received).toMatch(/^HTTP\/1\.1 414 /)
    expect(bodyOf(c.state.received)).toBe('URI too long\n')
    // The websocket route checks it too.
    const upgrade = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${h.port}/ws?x=${'a'.repeat(9 * 1024)}`)
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.on('error', () => resolve(-1))
    })
    expect(upgrade).toBe(414)
    expect((await fetch(`${h.base}/health`)).status).toBe(200)
  })

  it('cuts a slowloris client (headers byte by byte) at the headers timeout with 408', async () => {
    const h = await face({
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 1_000, timeoutCheckIntervalMs: 50 },
    })
    const c = client(h.port)
    await c.connected
    // A request that never ends: one header byte at a time, for as long as the server listens.
    const dribble = `GET /health HTTP/1.1\r\nHost: x\r\n${'X-Slow: loris\r\n'.repeat(10_000)}`
    let sent = 0
    const timer = setInterval(() => {
      if (c.state.closed || c.socket.destroyed) return
      c.socket.write(dribble[sent++ % dribble.length] as string)
    }, 10)
    cleanups.push(() => clearInterval(timer))
    await c.untilClosed('the slowloris client to be cut')
    clearInterval(timer)
    expect(c.state.received).toMatch(/^HTTP\/1\.1 408 /)
    expect(bodyOf(c.state.received)).toBe('request timeout\n')
    expect(sent).toBeLessThan(dribble.length)
    await waitFor(() => h.face.connections === 0, { what: 'the cut socket to be forgotten' })
  })

  it('closes sockets that never send a request at the headers timeout', async () => {
    const h = await face({
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 1_000, timeoutCheckIntervalMs: 50 },
    })
    const idle = [client(h.port), client(h.port), client(h.port)]
    await Promise.all(idle.map((c) => c.connected))
    for (const c of idle) await c.untilClosed('an idle socket to be closed')
    for (const c of idle) expect(c.state.received).toMatch(/^HTTP\/1\.1 408 /)
    await waitFor(() => h.face.connections === 0, { what: 'every idle socket to be forgotten' })
    expect((await fetch(`${h.base}/health`)).status).toBe(200)
  })

  it('holds at most maxConnections sockets, websockets included; past the cap new ones are closed', async () => {
    const h = await face({ limits: { maxConnections: 3 }, websocket: { maxClients: 10 } })
    // The websocket cap cannot be reached below the socket cap: the operator is told.
    expect(
      h.logger.find('warn', 'the HTTP connection cap leaves no room above the websocket client cap')?.context,
    ).toMatchObject({
      maxConnections: 3,
      websocketMaxClients: 10,
    })
    // Two idle sockets and one websocket fill the cap.
    const idle = [client(h.port), client(h.port)]
    await Promise.all(idle.map((c) => c.connected))
    await h.connect('/ws')
    await waitFor(() => h.face.connections === 3, { what: 'three sockets held' })

    // A fourth socket is accepted by the kernel and closed at once, without an answer.
    const refused = client(h.port)
    refused.socket.on('connect', () => refused.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'))
    await refused.untilClosed('the socket past the cap to be closed')
    expect(refused.state.received).toBe('')
    await expect(fetch(`${h.base}/health`)).rejects.toThrow()
    const upgrade = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${h.port}/ws`)
      socket.on('open', () => {
        socket.terminate()
        resolve('open')
      })
      socket.on('error', () => resolve('refused'))
    })
    expect(upgrade).toBe('refused')
    expect(h.face.websocketClients).toBe(1)

    // A slot given back is a slot for the next client.
    idle[0]?.socket.destroy()
    await waitFor(() => h.face.connections === 2, { what: 'the closed socket to be forgotten' })
    expect((await fetch(`${h.base}/health`)).status).toBe(200)
  })

  it('refuses limits that contradict each other with invalid_config', async () => {
    await expect(
      face({ limits: { headersTimeoutMs: 2_000, requestTimeoutMs: 1_000 } }),
    ).rejects.toMatchObject({
      code: 'invalid_config',
    })
    await expect(face({ limits: { maxUrlBytes: 32 * 1024 } })).rejects.toMatchObject({
      code: 'invalid_config',
    })
  })
})
