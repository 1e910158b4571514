import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import type { Logger } from '@p2p/domain'
import { withDeadline } from '../util/deadline.js'
import { errorText } from '../util/error-text.js'
import { readMessage, writeAndClose } from '../util/stream-message.js'
import {
  ADDRESS_PROTOCOL_V1_1,
  ADDRESS_PROTOCOLS,
  EXCHANGE_TIMEOUT_MS,
  encodeAddressReply,
  MAX_REQUEST_BYTES,
  parseAddressRequest,
  shareableAddresses,
} from './address-exchange-protocol.js'
import { closedOrAborted } from './exchange-stream.js'
import { RequestBudget } from './request-budget.js'

/** The parts of a libp2p node the responder uses. */
export type ExchangeServerNode = Pick<Libp2p, 'handle' | 'unhandle' | 'peerStore'>

export interface AddressExchangeServerDeps {
  readonly node: ExchangeServerNode
  readonly logger: Logger
  /** The clock of the per-peer request windows; default `Date.now`. */
  readonly now?: () => number
}

export interface AddressExchangeServerOptions {
  /** `p2p_share_private_addresses`: false keeps private addresses out of replies. */
  readonly sharePrivateAddresses: boolean
  /** Inbound requests per requesting peer per window (default 512 a minute, as the bus). */
  readonly requestsPerWindow?: number
  readonly windowMs?: number
  /** The deadline of one exchange (default 10 s, as the bus). */
  readonly timeoutMs?: number
  /** Concurrent inbound streams per connection and version (default 32). */
  readonly maxInboundStreams?: number
}

export interface AddressExchangeServerCounters {
  /** Replies sent, empty ones included. */
  readonly served: number
  /** Requests answered with a reset: malformed, too long, too slow, or over the budget. */
  readonly refused: number
  /** Of the refused, those over the per-peer budget. */
  readonly limited: number
}

/**
 * Answers go-p2p-message-bus's address requests (`/p2p-msg-bus/peer-addr-request/1.0.0` and
 * `1.1.0`) from our peer store: how nodes with the DHT off find the authors they gossip with.
 */
export class AddressExchangeServer {
  private readonly node: ExchangeServerNode
  private readonly logger: Logger
  private readonly budget: RequestBudget
  private readonly timeoutMs: number
  private readonly inFlight = new Set<Stream>()
  private aborter: AbortController | undefined
  private served = 0
  private refused = 0
  private limited = 0

  constructor(
    deps: AddressExchangeServerDeps,
    private readonly options: AddressExchangeServerOptions,
  ) {
    this.node = deps.node
    this.logger = deps.logger
    this.timeoutMs = options.timeoutMs ?? EXCHANGE_TIMEOUT_MS
    this.budget = new RequestBudget(deps.now ?? Date.now, {
      limit: options.requestsPerWindow ?? 512,
      windowMs: options.windowMs ?? 60_000,
    })
  }

  async start(): Promise<void> {
    if (this.aborter !== undefined) return
    this.aborter = new AbortController()
    await this.node.handle([...ADDRESS_PROTOCOLS], (stream, connection) => this.serve(stream, connection), {
      // The bus looks up every due author at once, so an honest peer may ask about many in a
      // burst; each costs one peer-store read. Past this, libp2p resets the stream and the
      // asker moves on to its next peer.
      maxInboundStreams: this.options.maxInboundStreams ?? 32,
    })
  }

  async stop(): Promise<void> {
    const aborter = this.aborter
    if (aborter === undefined) return
    this.aborter = undefined
    aborter.abort()
    for (const stream of this.inFlight) stream.abort(new Error('the address exchange stopped'))
    this.inFlight.clear()
    this.budget.clear()
    try {
      await this.node.unhandle([...ADDRESS_PROTOCOLS])
    } catch (error) {
      // A node stopped first has no registrar left to unregister from: nothing stays behind.
      this.logger.debug('could not unregister the address exchange', { error: errorText(error) })
    }
  }

  counters(): AddressExchangeServerCounters {
    return { served: this.served, refused: this.refused, limited: this.limited }
  }

  private async serve(stream: Stream, connection: Connection): Promise<void> {
    const aborter = this.aborter
    const from = connection.remotePeer.toString()
    if (aborter === undefined) {
      stream.abort(new Error('the address exchange is stopped'))
      return
    }
    const verdict = this.budget.take(from)
    if (verdict !== 'allowed') {
      this.refused++
      this.limited++
      if (verdict === 'over_first') {
        this.logger.warn('a peer sends too many address requests; resetting the excess', { peer: from })
      }
      stream.abort(new Error('too many address requests'))
      return
    }
    this.inFlight.add(stream)
    try {
      await withDeadline([aborter.signal], this.timeoutMs, (signal) => this.answer(stream, from, signal))
    } catch (error) {
      if (aborter.signal.aborted) return
      this.refused++
      this.logger.debug('refused an address request', { peer: from, error: errorText(error) })
      stream.abort(error instanceof Error ? error : new Error(String(error)))
    } finally {
      this.inFlight.delete(stream)
    }
  }

  private async answer(stream: Stream, from: string, signal: AbortSignal): Promise<void> {
    // A 1.0.0 requester does not half-close: its first read is its whole request, and one byte
    // over the limit is enough to tell an oversized one.
    const request = await readMessage(stream, {
      maxBytes: MAX_REQUEST_BYTES,
      whole: stream.protocol === ADDRESS_PROTOCOL_V1_1,
      signal,
    })
    const parsed = parseAddressRequest(request)
    if (!parsed.ok) throw parsed.error
    const stored = await this.storedAddresses(parsed.value, signal)
    const addresses = shareableAddresses(stored, this.options.sharePrivateAddresses)
    await writeAndClose(stream, encodeAddressReply(addresses), signal)
    this.served++
    this.logger.debug('answered an address request', {
      peer: from,
      target: parsed.value.toString(),
      addresses: addresses.length,
    })
    await closedOrAborted(stream, signal)
  }

  private async storedAddresses(target: PeerId, signal: AbortSignal): Promise<string[]> {
    try {
      const peer = await this.node.peerStore.get(target, { signal })
      return peer.addresses.map(({ multiaddr }) => multiaddr.toString())
    } catch (error) {
      if (error instanceof Error && error.name === 'NotFoundError') return []
      throw error
    }
  }
}
