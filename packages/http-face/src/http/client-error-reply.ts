import type { Duplex } from 'node:stream'

/** A raw HTTP response for requests that never reach express; the body says why, in plain text. */
export function rawResponse(status: number, text: string): string {
  const body = `${text}\n`
  return (
    `HTTP/1.1 ${status} ${text.replace(/^./, (c) => c.toUpperCase())}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  )
}

const METHOD_AND_TARGET = /^[A-Z]+ \S/

/**
 * The answer to a request Node's parser gave up on. The parser cannot tell a long URL from long
 * headers (both overflow one buffer), so the packet it failed on decides: if it holds the start
 * of a request line that is not finished within `maxUrlBytes`, the URL is to blame. A URL split
 * across packets before the overflow gets 431, which is still an answer, not a reset.
 */
export function clientErrorResponse(
  code: string | undefined,
  rawPacket: Buffer | undefined,
  maxUrlBytes: number,
) {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return urlOverflowed(rawPacket, maxUrlBytes)
        ? rawResponse(414, 'URI too long')
        : rawResponse(431, 'request header fields too large')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return rawResponse(408, 'request timeout')
    default:
      return rawResponse(400, 'bad request')
  }
}

function urlOverflowed(rawPacket: Buffer | undefined, maxUrlBytes: number): boolean {
  if (rawPacket === undefined) return false
  const head = rawPacket.subarray(0, maxUrlBytes + 32).toString('latin1')
  if (!METHOD_AND_TARGET.test(head)) return false
  const lineEnd = head.indexOf('\r\n')
  return lineEnd < 0 || lineEnd > maxUrlBytes
}

/**
 * Answers a socket the parser failed on, once: the parser fails again on every later packet.
 * Destroying at once would make the kernel reset a connection with unread data, so the client
 * would see ECONNRESET instead of the answer; the socket is ended and drained for a short while
 * instead, then destroyed.
 */
export function answerClientError(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex & { setTimeout?: (ms: number, cb: () => void) => unknown },
  answered: WeakSet<Duplex>,
  limits: { readonly maxUrlBytes: number; readonly errorLingerMs: number },
): void {
  if (answered.has(socket)) return
  answered.add(socket)
  // A response already on its way cannot be followed by another one.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy()
    return
  }
  socket.end(clientErrorResponse(error.code, error.rawPacket, limits.maxUrlBytes))
  socket.resume()
  socket.setTimeout?.(limits.errorLingerMs, () => socket.destroy())
}
