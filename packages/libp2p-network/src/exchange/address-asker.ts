import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { P2PError } from '@p2p/domain'
import { withDeadline } from '../util/deadline.js'
import { errorText } from '../util/error-text.js'
import { readMessage } from '../util/stream-message.js'
import {
  ADDRESS_PROTOCOL_V1_1,
  ADDRESS_PROTOCOLS,
  EXCHANGE_TIMEOUT_MS,
  MAX_REPLY_BYTES,
  parseAddressReply,
} from './address-exchange-protocol.js'

/** The parts of a libp2p node the requester uses. */
export type ExchangeAskerNode = Pick<Libp2p, 'getConnections'>

export interface AddressAskerDeps {
  readonly node: ExchangeAskerNode
}

export interface AddressAskerOptions {
  /** The deadline of one exchange (default 10 s, as the bus). */
  readonly timeoutMs?: number
}

/** Asks connected peers, over the bus's address exchange, where another peer can be reached. */
export class AddressAsker {
  private readonly node: ExchangeAskerNode
  private readonly timeoutMs: number

  constructor(deps: AddressAskerDeps, options: AddressAskerOptions = {}) {
    this.node = deps.node
    this.timeoutMs = options.timeoutMs ?? EXCHANGE_TIMEOUT_MS
  }

  /**
   * Asks `via`, which must be connected already (no dial for this), for `target`'s addresses:
   * up to 32 multiaddrs, `[]` when it knows none. Rejects with a P2PError on a refused stream,
   * a reset, a late or malformed reply.
   */
  async ask(via: string, target: string, signal?: AbortSignal): Promise<string[]> {
    const viaId = parsePeer(via, 'via')
    const targetId = parsePeer(target, 'target')
    const connection = this.node.getConnections(viaId).find((c) => c.status === 'open')
    if (connection === undefined) {
      throw new P2PError('unknown_peer', `not connected to ${via}`, { context: { via } })
    }
    let stream: Stream | undefined
    try {
      const reply = await withDeadline([signal], this.timeoutMs, async (deadline) => {
        stream = await connection.newStream([...ADDRESS_PROTOCOLS], { signal: deadline })
        const opened = stream
        if (!opened.send(new TextEncoder().encode(targetId.toString())))
          await opened.onDrain({ signal: deadline })
        // Only 1.1.0 responders read to the end; a 1.0.0 one answers after its first read.
        if (opened.protocol === ADDRESS_PROTOCOL_V1_1) await opened.close({ signal: deadline })
        const bytes = await readMessage(opened, { maxBytes: MAX_REPLY_BYTES, whole: true, signal: deadline })
        await opened.close({ signal: deadline })
        return bytes
      })
      const parsed = parseAddressReply(reply, targetId.toString())
      if (!parsed.ok) throw parsed.error
      return parsed.value
    } catch (error) {
      stream?.abort(error instanceof Error ? error : new Error(String(error)))
      throw askError(via, target, error, signal)
    }
  }
}

function parsePeer(text: string, role: 'via' | 'target'): PeerId {
  try {
    return peerIdFromString(text)
  } catch (error) {
    throw new P2PError('invalid_field', `${role} is not a peer id`, {
      context: { [role]: text },
      cause: error,
    })
  }
}

function askError(via: string, target: string, error: unknown, signal: AbortSignal | undefined): P2PError {
  const context = { via, target }
  if (signal?.aborted === true) {
    return new P2PError('stopped', 'the address request was aborted', { context, cause: error })
  }
  // A reply we refused keeps its reason's code; everything else is the exchange failing.
  if (error instanceof P2PError && error.code !== 'stopped' && error.code !== 'send_failed') {
    return new P2PError(error.code, `address reply from ${via}: ${error.message}`, { context, cause: error })
  }
  return new P2PError('send_failed', `address request to ${via} failed: ${errorText(error)}`, {
    context,
    cause: error,
  })
}
