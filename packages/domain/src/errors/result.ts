import type { P2PError } from './p2p-error.js'

/** Decoders return results instead of throwing: bad input is an expected outcome on hot paths. */
export type Result<T, E = P2PError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E }

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error })

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  throw result.error
}
