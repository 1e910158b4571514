import type { AbortOptions, ConnectionProtector, MessageStream, MultiaddrConnection } from '@libp2p/interface'
import { P2PError } from '@p2p/domain'
import { exchangeNonces } from './nonce-exchange.js'
import { PRE_SHARED_KEY_BYTES } from './pre-shared-key.js'
import { PskMessageStream } from './psk-message-stream.js'

/** The same default as `@libp2p/pnet`. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 1_000

export interface PskProtectorInit {
  /** The 32-byte pre-shared key itself (see `parsePreSharedKey` for the setting's text forms). */
  readonly psk: Uint8Array
  /**
   * Deadline for the nonce exchange, applied on top of any signal libp2p passes to `protect`.
   * Default 1 s.
   */
  readonly handshakeTimeoutMs?: number
}

/**
 * libp2p's `connectionProtector` option: PSK v1 private networking ("pnet"), wire-compatible with
 * go-libp2p and `@libp2p/pnet`, built on the pure-JS XSalsa20 of `@noble/ciphers`.
 *
 * `@libp2p/pnet` 3.x uses a WASM XSalsa20 whose shared memory grows without bound once chunks of
 * different connections interleave, until an uncaught RangeError ends the process; it also leaks
 * a state slot per connection. Nothing here keeps cipher state beyond a byte position.
 */
export function pskProtector(init: PskProtectorInit): () => ConnectionProtector {
  if (init.psk.byteLength !== PRE_SHARED_KEY_BYTES) {
    throw new P2PError(
      'invalid_config',
      `the pre-shared key must be ${PRE_SHARED_KEY_BYTES} bytes, got ${init.psk.byteLength}`,
    )
  }
  const timeoutMs = init.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new P2PError('invalid_config', 'the pnet handshake timeout must be a positive number of ms')
  }
  const psk = init.psk.slice()
  return () => new PskConnectionProtector(psk, timeoutMs)
}

class PskConnectionProtector implements ConnectionProtector {
  readonly [Symbol.toStringTag] = 'pnet-psk-protector'

  readonly #psk: Uint8Array
  readonly #timeoutMs: number

  constructor(psk: Uint8Array, timeoutMs: number) {
    this.#psk = psk
    this.#timeoutMs = timeoutMs
  }

  async protect(connection: MessageStream, options?: AbortOptions): Promise<MessageStream> {
    // libp2p protects the raw transport connection, which is a MultiaddrConnection; the wrapper
    // must be one too, or the layers above lose the remote address.
    const remoteAddr = (connection as Partial<MultiaddrConnection>).remoteAddr
    if (remoteAddr === undefined) {
      throw new P2PError('internal', 'pnet: protect() needs a multiaddr connection (it has no remoteAddr)')
    }
    const log = connection.log.newScope('pnet')
    const exchanged = await exchangeNonces(connection, this.#timeoutMs, options)
    log.trace('nonces exchanged')
    return new PskMessageStream({ ...exchanged, remoteAddr, psk: this.#psk, log })
  }
}
