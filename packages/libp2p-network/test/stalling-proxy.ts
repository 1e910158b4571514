import net from 'node:net'

/**
 * A TCP relay on 127.0.0.1 in front of a node that can stop reading what the node sends, as a
 * peer whose process or link stalls does: the node's socket fills, then its muxer's window, then
 * its per-stream write buffers. Everything sent meanwhile is delivered, in order, on `resume`.
 */
export class StallingProxy {
  private readonly server: net.Server
  private readonly pairs = new Set<{ client: net.Socket; target: net.Socket }>()
  private stalled = false

  private constructor(targetPort: number) {
    this.server = net.createServer((client) => {
      const target = net.connect(targetPort, '127.0.0.1')
      const pair = { client, target }
      this.pairs.add(pair)
      client.pipe(target)
      target.pipe(client)
      if (this.stalled) target.pause()
      const end = () => {
        this.pairs.delete(pair)
        client.destroy()
        target.destroy()
      }
      client.on('close', end).on('error', end)
      target.on('close', end).on('error', end)
    })
  }

  static async start(targetPort: number): Promise<StallingProxy> {
    const proxy = new StallingProxy(targetPort)
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  get port(): number {
    const address = this.server.address()
    if (address === null || typeof address === 'string') throw new Error('the proxy is not listening')
    return address.port
  }

  /** Stops reading from the node; the client end gets nothing more until `resume`. */
  stall(): void {
    this.stalled = true
    for (const { client, target } of this.pairs) {
      target.unpipe(client)
      target.pause()
    }
  }

  resume(): void {
    this.stalled = false
    for (const { client, target } of this.pairs) {
      target.pipe(client)
      target.resume()
    }
  }

  async close(): Promise<void> {
    for (const { client, target } of this.pairs) {
      client.destroy()
      target.destroy()
    }
    this.pairs.clear()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
