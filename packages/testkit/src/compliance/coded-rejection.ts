import { type ErrorCode, isErrorCode, isP2PError, type P2PError } from '@p2p/domain'
import { expect } from 'vitest'

/**
 * Asserts that `promise` rejects with a P2PError carrying a known code, optionally a given code or
 * one matching a pattern (`/^upstream_/`), and returns the error for further checks.
 */
export async function expectCodedRejection(
  promise: Promise<unknown>,
  code?: ErrorCode | RegExp,
): Promise<P2PError> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (error: unknown) => ({ rejected: true as const, error }),
  )
  if (!outcome.rejected)
    expect.fail(`expected a rejection with a coded P2PError${code ? ` (${code})` : ''}, but it resolved`)
  const { error } = outcome
  expect(isP2PError(error), `expected a P2PError, got ${String(error)}`).toBe(true)
  const coded = error as P2PError
  expect(isErrorCode(coded.code), `unknown error code ${String(coded.code)}`).toBe(true)
  if (code instanceof RegExp) expect(coded.code).toMatch(code)
  else if (code !== undefined) expect(coded.code).toBe(code)
  return coded
}
