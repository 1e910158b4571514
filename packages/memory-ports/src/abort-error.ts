import { P2PError } from '@p2p/domain'

/**
 * The error a call rejects with when its signal fires: the reason itself if it is already coded,
 * `upstream_timeout` for `AbortSignal.timeout`, and `stopped` for a plain abort (the service
 * aborts hand-offs when a shutdown runs out of time).
 */
export function abortError(signal: AbortSignal): P2PError {
  const reason: unknown = signal.reason
  if (reason instanceof P2PError) return reason
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError'
  return new P2PError(timedOut ? 'upstream_timeout' : 'stopped', 'call aborted', { cause: reason })
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal)
}
