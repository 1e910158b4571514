import type { NotificationType } from '@p2p/domain'
import type { WebSocket } from 'ws'

/** One websocket client and what the sink tracks about it. */
export class ClientConnection {
  /** Answered the last heartbeat ping. */
  alive = true
  /** Frames received in the current heartbeat interval. */
  frames = 0
  /** Set once the sink decided to close it; nothing more is sent. */
  closing = false

  constructor(
    readonly socket: WebSocket,
    /** Types this client wants; undefined = all. PING always goes through. */
    public types: ReadonlySet<NotificationType> | undefined,
  ) {}

  wants(type: NotificationType): boolean {
    return type === 'PING' || this.types === undefined || this.types.has(type)
  }
}
