import { xsalsa20 } from '@noble/ciphers/salsa.js'
import { P2PError } from '@p2p/domain'

export const XSALSA20_KEY_BYTES = 32
export const XSALSA20_NONCE_BYTES = 24

const BLOCK_BYTES = 64

/**
 * How many keystream bytes one (key, nonce) pair can XOR: just under 256 GiB.
 *
 * noble's block counter is 32 bits and it refuses counter 2^32 - 1 rather than wrap to 0, so blocks
 * 0 … 2^32 - 2 are usable. go-libp2p keeps counting with 64 bits, so past this point the two would
 * disagree anyway, and wrapping would reuse keystream. A PSK connection therefore carries at most
 * this much per direction; beyond it we fail the connection, and a reconnect starts with fresh
 * nonces (a fresh keystream).
 */
export const MAX_KEYSTREAM_BYTES = (2 ** 32 - 1) * BLOCK_BYTES

/**
 * Bytes copied and XORed per noble call. A multiple of the block size, so every call after the first
 * starts on a block boundary, and small enough that the copy is still in cache when it is XORed.
 */
const PIECE_BYTES = 64 * 1024

/** A sequence of byte chunks with a known total, e.g. a Uint8ArrayList. */
export interface ByteChunks extends Iterable<Uint8Array> {
  readonly byteLength: number
}

/** Throws unless `length` more bytes fit in the keystream after `position`. */
export function assertKeystreamRoom(position: number, length: number): void {
  if (position + length > MAX_KEYSTREAM_BYTES) {
    throw new P2PError(
      'payload_too_large',
      'pnet: this connection has used up its XSalsa20 keystream (256 GiB per direction); reconnect to continue',
      { context: { position, length } },
    )
  }
}

function lengthMismatch(byteLength: number): P2PError {
  return new P2PError('internal', `pnet: the chunks do not add up to their byteLength of ${byteLength}`)
}

/**
 * One direction of a PSK connection: XORs successive chunks with a single continuous XSalsa20
 * keystream, so chunk boundaries (which the transport picks freely) do not matter.
 *
 * Holds no cipher state besides the byte position: noble recomputes from (key, nonce, counter) on
 * every call, so nothing needs freeing and instances never share memory.
 */
export class XSalsa20Keystream {
  readonly #key: Uint8Array
  readonly #nonce: Uint8Array
  #position: number

  /** `position` starts the keystream part-way in; only tests near the cap need it. */
  constructor(key: Uint8Array, nonce: Uint8Array, position = 0) {
    if (key.byteLength !== XSALSA20_KEY_BYTES) {
      throw new P2PError('invalid_config', `pnet: the key must be ${XSALSA20_KEY_BYTES} bytes`)
    }
    if (nonce.byteLength !== XSALSA20_NONCE_BYTES) {
      throw new P2PError('internal', `pnet: the nonce must be ${XSALSA20_NONCE_BYTES} bytes`)
    }
    if (!Number.isSafeInteger(position) || position < 0 || position > MAX_KEYSTREAM_BYTES) {
      throw new P2PError('internal', 'pnet: the keystream position is out of range')
    }
    this.#key = key.slice()
    this.#nonce = nonce.slice()
    this.#position = position
  }

  /** Keystream bytes used so far. */
  get position(): number {
    return this.#position
  }

  /** XORs `data` with the next keystream bytes into a new buffer; `data` is left untouched. */
  xor(data: Uint8Array): Uint8Array {
    return this.xorChunks(Object.assign([data], { byteLength: data.byteLength }))
  }

  /** Like `xor`, for data split over several chunks; the result is one contiguous buffer. */
  xorChunks(chunks: ByteChunks): Uint8Array {
    const length = chunks.byteLength
    assertKeystreamRoom(this.#position, length)
    const lead = this.#position % BLOCK_BYTES
    const firstBlock = (this.#position - lead) / BLOCK_BYTES
    // The buffer starts `lead` bytes early so that index 0 is a block boundary: noble cannot start
    // mid-block, and a 4-byte aligned buffer takes its fast word-wise path.
    const buffer = new Uint8Array(lead + length)
    let filled = lead
    let done = 0
    for (const chunk of chunks) {
      let offset = 0
      while (offset < chunk.byteLength) {
        const take = Math.min(chunk.byteLength - offset, done + PIECE_BYTES - filled)
        if (filled + take > buffer.byteLength) throw lengthMismatch(length)
        buffer.set(chunk.subarray(offset, offset + take), filled)
        filled += take
        offset += take
        if (filled - done === PIECE_BYTES) {
          this.#xorInPlace(buffer.subarray(done, filled), firstBlock + done / BLOCK_BYTES)
          done = filled
        }
      }
    }
    if (filled !== buffer.byteLength) throw lengthMismatch(length)
    this.#xorInPlace(buffer.subarray(done, filled), firstBlock + done / BLOCK_BYTES)
    // The lead now holds keystream of bytes already sent; no reason to keep it around.
    buffer.fill(0, 0, lead)
    this.#position += length
    return buffer.subarray(lead)
  }

  #xorInPlace(piece: Uint8Array, counter: number): void {
    if (piece.byteLength > 0) xsalsa20(this.#key, this.#nonce, piece, piece, counter)
  }
}
