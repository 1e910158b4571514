import { WebSocket } from 'ws'
import { wallNow } from '../lib/time.js'

/** A websocket client of one node that notes when each subtree notification arrived (by hash). */
export class WsReceiver {
  arrivals = new Map<string, number>()
  private constructor(
    readonly name: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      const at = wallNow()
      const text = String(data)
      const start = text.indexOf('"hash":"')
      if (start < 0) return
      const hash = text.slice(start + 8, start + 72)
      if (!this.arrivals.has(hash)) this.arrivals.set(hash, at)
    })
    socket.on('error', () => {})
  }

  static async open(name: string, url: string): Promise<WsReceiver> {
    const socket = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new WsReceiver(name, socket)
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  reset(): void {
    this.arrivals = new Map()
  }

  close(): void {
    this.socket.terminate()
  }
}
