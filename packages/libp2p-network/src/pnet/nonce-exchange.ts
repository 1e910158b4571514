import type { AbortOptions, MessageStream } from '@libp2p/interface'
import { byteStream } from '@libp2p/utils'
import { P2PError } from '@p2p/domain'
import { XSALSA20_NONCE_BYTES } from './xsalsa20-keystream.js'

export interface ExchangedNonces {
  /** The connection, released by the reader; bytes that came after the remote nonce are still queued. */
  readonly connection: MessageStream
  readonly localNonce: Uint8Array
  readonly remoteNonce: Uint8Array
}

/**
 * The unauthenticated start of a PSK connection: both sides send 24 random bytes and read the
 * other's. Anyone can get this far without the key, so a peer that never answers must cost us no
 * more than `timeoutMs`; on any failure the connection is aborted, as it is unusable half-way.
 */
export async function exchangeNonces(
  connection: MessageStream,
  timeoutMs: number,
  options: AbortOptions = {},
): Promise<ExchangedNonces> {
  const localNonce = crypto.getRandomValues(new Uint8Array(XSALSA20_NONCE_BYTES))
  const deadline = new Deadline(timeoutMs, options.signal)
  const bytes = byteStream(connection)
  try {
    const signal = deadline.signal
    const [received] = await Promise.all([
      bytes.read({ bytes: XSALSA20_NONCE_BYTES, signal }),
      bytes.write(localNonce, { signal }),
    ])
    return { connection: bytes.unwrap(), localNonce, remoteNonce: received.subarray() }
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error))
    connection.abort(reason)
    throw reason
  } finally {
    deadline.clear()
  }
}

/**
 * Our own timeout joined with the caller's signal. Built by hand rather than with AbortSignal.any so
 * that the listener on the caller's long-lived signal and the timer go away as soon as we are done.
 */
class Deadline {
  readonly #controller = new AbortController()
  readonly #timer: ReturnType<typeof setTimeout>
  readonly #outer: AbortSignal | undefined
  readonly #onOuterAbort = (): void => this.#controller.abort(this.#outer?.reason)

  constructor(timeoutMs: number, outer: AbortSignal | undefined) {
    this.#outer = outer
    this.#timer = setTimeout(() => {
      this.#controller.abort(
        new P2PError('upstream_timeout', `pnet: the nonce exchange did not finish within ${timeoutMs} ms`, {
          context: { timeoutMs },
        }),
      )
    }, timeoutMs)
    if (outer?.aborted === true) this.#onOuterAbort()
    else outer?.addEventListener('abort', this.#onOuterAbort, { once: true })
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  clear(): void {
    clearTimeout(this.#timer)
    this.#outer?.removeEventListener('abort', this.#onOuterAbort)
  }
}
