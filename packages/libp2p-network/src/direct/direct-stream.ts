import type { Stream } from '@libp2p/interface'
import { P2PError } from '@p2p/domain'
import { readMessage } from '../util/stream-message.js'

/**
 * Reads a direct message to its end: the reference writes raw JSON with no length prefix and
 * closes, so the end of the stream is the end of the message. Anything longer than `maxBytes`,
 * or not finished before `signal` fires, aborts the stream.
 */
export async function readToEnd(stream: Stream, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  try {
    return await readMessage(stream, { maxBytes, whole: true, signal })
  } catch (error) {
    stream.abort(error instanceof Error ? error : new Error(String(error)))
    if (signal.aborted)
      throw new P2PError('stopped', 'direct message read did not finish in time', { cause: error })
    throw error
  }
}
