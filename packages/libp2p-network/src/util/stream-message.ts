import type { Stream, StreamMessageEvent } from '@libp2p/interface'
import { P2PError } from '@p2p/domain'
import { concatBytes } from './concat-bytes.js'

/**
 * Reads on the stream's events rather than its async iterator, which ends on `remoteCloseWrite`
 * only. A go-libp2p requester that knows our protocols sends the negotiation, its request and
 * its half-close in one go: all of it arrives while multistream-select still holds the stream,
 * which then hands the request back unread after the end was already signalled. So the end is
 * "the peer closed its side and nothing is left unread", checked after every event.
 *
 * `whole` false takes the first read as the whole message (the address exchange's 1.0.0 has no
 * framing: its requesters never half-close); true reads to the end (the direct stream, 1.1.0).
 * More than `maxBytes`, a reset or `signal` rejects. The same happens to a go-libp2p sender on
 * the direct stream: it negotiates lazily, so its reply and close can come with the negotiation.
 */
export function readMessage(
  stream: Stream,
  { maxBytes, whole, signal }: { maxBytes: number; whole: boolean; signal: AbortSignal },
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let total = 0
    const done = (error?: unknown) => {
      stream.removeEventListener('message', onMessage)
      stream.removeEventListener('end', onEnd)
      stream.removeEventListener('remoteCloseWrite', onEnd)
      stream.removeEventListener('close', onClose)
      signal.removeEventListener('abort', onAbort)
      if (error === undefined) resolve(concatBytes(chunks, total))
      else reject(error)
    }
    const onMessage = (event: StreamMessageEvent) => {
      const bytes = event.data instanceof Uint8Array ? event.data : event.data.subarray()
      total += bytes.byteLength
      chunks.push(bytes)
      if (total > maxBytes) {
        done(
          new P2PError('payload_too_large', `message exceeds ${maxBytes} bytes`, { context: { maxBytes } }),
        )
      } else if (!whole || ended(stream)) {
        done()
      }
    }
    const onEnd = () => {
      // A reset or abort ends the readable side too, before its close event.
      if (stream.status === 'reset' || stream.status === 'aborted') done(streamFailed(stream))
      else if (ended(stream)) done()
    }
    const onClose = (event: Event) => {
      const error = (event as Event & { error?: Error }).error
      done(error === undefined ? undefined : streamFailed(stream, error))
    }
    const onAbort = () =>
      done(new P2PError('stopped', 'the stream did not finish in time', { cause: signal.reason }))
    if (signal.aborted) return onAbort()
    if (stream.status === 'reset' || stream.status === 'aborted') return done(streamFailed(stream))
    if (ended(stream)) return done()
    stream.addEventListener('message', onMessage)
    stream.addEventListener('end', onEnd)
    stream.addEventListener('remoteCloseWrite', onEnd)
    stream.addEventListener('close', onClose)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function ended(stream: Stream): boolean {
  return (
    stream.readBufferLength === 0 && (stream.remoteWriteStatus === 'closed' || stream.readStatus === 'closed')
  )
}

function streamFailed(stream: Stream, cause?: Error): P2PError {
  return new P2PError('send_failed', `the stream was ${stream.status}`, cause === undefined ? {} : { cause })
}

/**
 * Writes `data`, waiting out back-pressure, then closes our writing side: the end of the stream
 * is the end of the message, for the direct stream and the address exchange alike.
 */
export async function writeAndClose(stream: Stream, data: Uint8Array, signal: AbortSignal): Promise<void> {
  if (!stream.send(data)) await stream.onDrain({ signal })
  await stream.close({ signal })
}
