import type { Stream } from '@libp2p/interface'

/**
 * Resolves once both sides are closed, or aborts the stream when `signal` fires first: a 1.0.0
 * requester closes its side only after reading our reply, and one that never does must not keep
 * the stream open.
 */
export function closedOrAborted(stream: Stream, signal: AbortSignal): Promise<void> {
  if (stream.status !== 'open' && stream.status !== 'closing') return Promise.resolve()
  return new Promise((resolve) => {
    const onClose = () => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = () => {
      stream.removeEventListener('close', onClose)
      stream.abort(new Error('the peer did not close its side of the address exchange in time'))
      resolve()
    }
    if (signal.aborted) return onAbort()
    stream.addEventListener('close', onClose, { once: true })
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
