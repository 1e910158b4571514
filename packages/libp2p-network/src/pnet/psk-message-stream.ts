import type {
  AbortOptions,
  Logger,
  MessageStream,
  MultiaddrConnection,
  StreamCloseEvent,
  StreamMessageEvent,
} from '@libp2p/interface'
import type { SendResult } from '@libp2p/utils'
import { AbstractMultiaddrConnection } from '@libp2p/utils'
import { type ByteChunks, XSalsa20Keystream } from './xsalsa20-keystream.js'

export interface PskMessageStreamInit {
  /** The raw connection, after the nonce exchange. */
  readonly connection: MessageStream
  readonly remoteAddr: MultiaddrConnection['remoteAddr']
  readonly psk: Uint8Array
  readonly localNonce: Uint8Array
  readonly remoteNonce: Uint8Array
  readonly log: Logger
}

/**
 * The protected view of a raw connection: what we send is XORed with the keystream of our nonce,
 * what arrives with the keystream of the peer's nonce. Flow control and closing pass straight
 * through to the raw connection; the base class does the buffering and the status bookkeeping.
 */
export class PskMessageStream extends AbstractMultiaddrConnection {
  readonly #connection: MessageStream
  readonly #outbound: XSalsa20Keystream
  readonly #inbound: XSalsa20Keystream

  constructor(init: PskMessageStreamInit) {
    super({ log: init.log, remoteAddr: init.remoteAddr, direction: init.connection.direction })
    this.#connection = init.connection
    this.#outbound = new XSalsa20Keystream(init.psk, init.localNonce)
    this.#inbound = new XSalsa20Keystream(init.psk, init.remoteNonce)
    // Listeners go on last: adding the 'message' one releases bytes the nonce reader left queued.
    this.#connection.addEventListener('message', (event) => this.#onMessage(event))
    this.#connection.addEventListener('drain', () => this.onMuxerDrain())
    this.#connection.addEventListener('close', (event) => this.#onClose(event))
  }

  sendData(data: ByteChunks): SendResult {
    // A throw here (keystream exhausted) makes the base class abort this stream.
    const sealed = this.#outbound.xorChunks(data)
    return { sentBytes: data.byteLength, canSendMore: this.#connection.send(sealed) }
  }

  sendReset(error: Error): void {
    this.#connection.abort(error)
  }

  sendPause(): void {
    this.#connection.pause()
  }

  sendResume(): void {
    this.#connection.resume()
  }

  async sendClose(options?: AbortOptions): Promise<void> {
    await this.#connection.close(options)
  }

  #onMessage(event: StreamMessageEvent): void {
    // Nothing will be delivered any more, so spare the cipher work.
    if (this.readStatus === 'closing' || this.readStatus === 'closed') return
    const { data } = event
    let plain: Uint8Array
    try {
      plain = data instanceof Uint8Array ? this.#inbound.xor(data) : this.#inbound.xorChunks(data)
    } catch (error) {
      // Thrown inside an event listener this would be uncaught and end the process; it only
      // concerns this connection.
      this.abort(error instanceof Error ? error : new Error(String(error)))
      return
    }
    this.onData(plain)
  }

  #onClose(event: StreamCloseEvent): void {
    if (event.error == null) this.onTransportClosed()
    else if (event.local === true) this.abort(event.error)
    else this.onRemoteReset()
  }
}
