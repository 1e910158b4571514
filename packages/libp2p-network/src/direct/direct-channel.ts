import type { Connection, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Logger, MAX_DIRECT_MESSAGE_BYTES, P2PError, type PeerNetworkListener } from '@p2p/domain'
import type { NetworkConfig } from '../config/network-config.js'
import type { Libp2pNode } from '../node/create-node.js'
import { withDeadline } from '../util/deadline.js'
import { errorText } from '../util/error-text.js'
import { writeAndClose } from '../util/stream-message.js'
import { readToEnd } from './direct-stream.js'

/** Concurrent inbound direct streams per connection; a best-block reply is one short stream. */
const MAX_INBOUND_DIRECT_STREAMS = 16
const SEND_TIMEOUT_MS = 15_000

export interface DirectChannelDeps {
  readonly node: Libp2pNode
  readonly listener: PeerNetworkListener
  readonly logger: Logger
}

export type DirectChannelOptions = Pick<NetworkConfig, 'directProtocol' | 'directReadTimeoutMs'>

/** The direct stream protocol (spec-era `ubsv/bitcoin/1.0.0`): one raw JSON BlockMessage per stream. */
export class DirectChannel {
  private readonly aborter = new AbortController()

  private readonly node: Libp2pNode
  private readonly listener: PeerNetworkListener
  private readonly logger: Logger

  constructor(
    deps: DirectChannelDeps,
    private readonly options: DirectChannelOptions,
  ) {
    this.node = deps.node
    this.listener = deps.listener
    this.logger = deps.logger
  }

  async register(): Promise<void> {
    await this.node.handle(
      this.options.directProtocol,
      (stream, connection) => this.receive(stream, connection),
      {
        maxInboundStreams: MAX_INBOUND_DIRECT_STREAMS,
      },
    )
  }

  stop(): void {
    this.aborter.abort()
  }

  async send(peer: string, data: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    let target: ReturnType<typeof peerIdFromString>
    try {
      target = peerIdFromString(peer)
    } catch (error) {
      throw new P2PError('unknown_peer', 'not a peer id', { context: { peer }, cause: error })
    }
    if (this.node.getConnections().length === 0) {
      // Nobody to ask for the peer's address: fail now rather than at the send deadline.
      throw new P2PError('unknown_peer', `no route to peer ${peer}: not connected to any peer`, {
        context: { peer },
      })
    }
    let stream: Stream | undefined
    try {
      await withDeadline([signal, this.aborter.signal], SEND_TIMEOUT_MS, async (combined) => {
        stream = await this.node.dialProtocol(target, this.options.directProtocol, { signal: combined })
        await writeAndClose(stream, data, combined)
      })
    } catch (error) {
      stream?.abort(error instanceof Error ? error : new Error(String(error)))
      throw this.sendError(peer, error, signal)
    }
  }

  private sendError(peer: string, error: unknown, signal: AbortSignal | undefined): P2PError {
    if (signal?.aborted === true || this.aborter.signal.aborted) {
      return new P2PError('stopped', 'the direct send was aborted', { context: { peer }, cause: error })
    }
    const name = error instanceof Error ? error.name : ''
    const code = name === 'NoValidAddressesError' || name === 'NotFoundError' ? 'unknown_peer' : 'send_failed'
    return new P2PError(code, `direct send to ${peer} failed: ${errorText(error)}`, {
      context: { peer },
      cause: error,
    })
  }

  private async receive(stream: Stream, connection: Connection): Promise<void> {
    const from = connection.remotePeer.toString()
    let data: Uint8Array
    try {
      data = await withDeadline([this.aborter.signal], this.options.directReadTimeoutMs, (deadline) =>
        readToEnd(stream, MAX_DIRECT_MESSAGE_BYTES, deadline),
      )
    } catch (error) {
      if (this.aborter.signal.aborted) return
      this.logger.warn('dropped a direct message that could not be read', { from, error: errorText(error) })
      return
    }
    try {
      this.listener.direct({ from, data })
    } catch (error) {
      this.logger.error('direct listener threw', { from, error: errorText(error) })
    }
  }
}
