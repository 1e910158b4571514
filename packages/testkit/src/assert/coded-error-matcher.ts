import { type ErrorCode, isP2PError } from '@p2p/domain'

interface MatcherResult {
  pass: boolean
  message: () => string
}

/**
 * `expect(x).toBeCodedError('invalid_json')`: x is a P2PError (or a Result failing with one)
 * with that code. Installed per package by its vitest setup file.
 */
export const codedErrorMatchers = {
  toBeCodedError(received: unknown, code?: ErrorCode): MatcherResult {
    const error =
      typeof received === 'object' &&
      received !== null &&
      'ok' in received &&
      received.ok === false &&
      'error' in received
        ? received.error
        : received
    if (!isP2PError(error)) {
      return { pass: false, message: () => `expected a P2PError, got ${describe(error)}` }
    }
    const pass = code === undefined || error.code === code
    return {
      pass,
      message: () =>
        pass
          ? `expected not to be a P2PError with code ${error.code}`
          : `expected code ${code}, got ${error.code}: ${error.message}`,
    }
  },
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`
  return JSON.stringify(value) ?? String(value)
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration to merge with it
  interface Matchers<T = any> {
    toBeCodedError(code?: ErrorCode): void
  }
}
