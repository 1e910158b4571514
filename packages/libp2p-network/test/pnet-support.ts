/**
 * Helpers for the pnet tests (not exported from the package): in-memory connection pairs and
 * deadline-bound reads, so no test sleeps for a fixed time.
 */
import { randomFillSync } from 'node:crypto'
import type {
  ConnectionProtector,
  MessageStream,
  StreamCloseEvent,
  StreamMessageEvent,
} from '@libp2p/interface'
import { type MultiaddrConnectionPairOptions, multiaddrConnectionPair } from '@libp2p/utils'

export type ProtectorFactory = () => ConnectionProtector

/** The v1 swarm key file text, the only form `@libp2p/pnet` accepts. */
export function keyFileText(psk: Uint8Array): string {
  return `/key/swarm/psk/1.0.0/\n/base16/\n${Buffer.from(psk).toString('hex')}`
}

/** Two connected in-memory raw connections, each side protected by its own protector. */
export async function protectedPair(
  outbound: ProtectorFactory,
  inbound: ProtectorFactory,
  options: MultiaddrConnectionPairOptions = {},
): Promise<[MessageStream, MessageStream]> {
  const [rawOut, rawIn] = multiaddrConnectionPair(options)
  const [protectedOut, protectedIn] = await Promise.all([
    outbound().protect(rawOut),
    inbound().protect(rawIn),
  ])
  return [protectedOut, protectedIn]
}

/**
 * Resolves with the next `byteLength` bytes `stream` delivers (all of them, if more came at once).
 * Rejects when the deadline passes first, when the stream closes, or when `sender` fails.
 */
export function receive(
  stream: MessageStream,
  byteLength: number,
  { timeoutMs = 5_000, sender }: { timeoutMs?: number; sender?: MessageStream } = {},
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let received = 0
    const finish = (error?: Error): void => {
      clearTimeout(timer)
      stream.removeEventListener('message', onMessage)
      stream.removeEventListener('close', onClose)
      sender?.removeEventListener('close', onSenderClose)
      if (error === undefined) resolve(Buffer.concat(chunks))
      else reject(error)
    }
    const onSenderClose = (event: StreamCloseEvent): void => {
      if (event.error !== undefined) finish(event.error)
    }
    const onMessage = (event: StreamMessageEvent): void => {
      const chunk = event.data.subarray()
      chunks.push(chunk)
      received += chunk.byteLength
      if (received >= byteLength) finish()
    }
    const onClose = (event: StreamCloseEvent): void => {
      finish(event.error ?? new Error(`stream closed after ${received} of ${byteLength} bytes`))
    }
    const timer = setTimeout(() => {
      finish(new Error(`received ${received} of ${byteLength} bytes within ${timeoutMs} ms`))
    }, timeoutMs)
    stream.addEventListener('message', onMessage)
    stream.addEventListener('close', onClose)
    sender?.addEventListener('close', onSenderClose)
  })
}

/** Resolves with the stream's 'close' event; rejects if none comes before the deadline. */
export function closeEvent(stream: MessageStream, timeoutMs = 5_000): Promise<StreamCloseEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no close event within ${timeoutMs} ms`)), timeoutMs)
    stream.addEventListener(
      'close',
      (event) => {
        clearTimeout(timer)
        resolve(event)
      },
      { once: true },
    )
  })
}

/** Sends `data` one way and resolves with the bytes that came out at the other end. */
export async function transfer(
  from: MessageStream,
  to: MessageStream,
  data: Uint8Array,
  timeoutMs = 5_000,
): Promise<Uint8Array> {
  const arrived = receive(to, data.byteLength, { sender: from, timeoutMs })
  try {
    if (!from.send(data)) await from.onDrain()
  } catch (error) {
    // The send failure is the news; the receiver's reset that follows would only be noise.
    arrived.catch(() => {})
    throw error
  }
  return arrived
}

/** Fresh random bytes: every batch differs, so a misplaced or replayed chunk cannot pass. */
export function randomBytes(byteLength: number): Uint8Array {
  return randomFillSync(new Uint8Array(byteLength))
}
