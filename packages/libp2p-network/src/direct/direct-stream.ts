import type { Stream } from '@libp2p/interface'
import { P2PError } from '@p2p/domain'
import { concatBytes } from '../util/concat-bytes.js'

/**
 * Reads a direct message to its end: the reference writes raw JSON with no length prefix and
 * closes, so the end of the stream is the end of the message. Anything longer than `maxBytes`,
 * or not finished before `signal` fires, aborts the stream.
 */
export async function readToEnd(stream: Stream, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const onAbort = () => stream.abort(new Error('direct message read deadline passed'))
  signal.addEventListener('abort', onAbort, { once: true })
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for await (const chunk of stream) {
      const bytes = chunk instanceof Uint8Array ? chunk : chunk.subarray()
      total += bytes.byteLength
      if (total > maxBytes) {
        const error = new P2PError('payload_too_large', `direct message exceeds ${maxBytes} bytes`, {
          context: { maxBytes },
        })
        stream.abort(error)
        throw error
      }
      chunks.push(bytes)
    }
  } catch (error) {
    if (signal.aborted)
      throw new P2PError('stopped', 'direct message read did not finish in time', { cause: error })
    throw error
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
  return concatBytes(chunks, total)
}

/** Writes the whole message, waiting for the stream to drain when its buffer is full, then closes. */
export async function writeAndClose(stream: Stream, data: Uint8Array, signal: AbortSignal): Promise<void> {
  if (!stream.send(data)) await stream.onDrain({ signal })
  await stream.close({ signal })
}
