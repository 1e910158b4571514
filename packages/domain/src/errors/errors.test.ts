import { describe, expect, it } from 'vitest'
import { ERROR_CODES, isErrorCode } from './error-codes.js'
import { isP2PError, P2PError, toP2PError } from './p2p-error.js'
import { err, ok, unwrap } from './result.js'

describe('error codes', () => {
  it('are unique, so metric labels cannot collide', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
  })

  it('recognises exactly the declared codes', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true)
    for (const other of [
      '',
      'INVALID_JSON',
      'invalid json',
      'toString',
      '__proto__',
      42,
      null,
      undefined,
      {},
    ]) {
      expect(isErrorCode(other)).toBe(false)
    }
  })
})

describe('P2PError', () => {
  it('carries name, code, message, context and cause', () => {
    const cause = new Error('socket closed')
    const error = new P2PError('upstream_failed', 'blockchain stream broke', {
      context: { attempt: 3 },
      cause,
    })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('P2PError')
    expect(error.code).toBe('upstream_failed')
    expect(error.message).toBe('blockchain stream broke')
    expect(error.context).toEqual({ attempt: 3 })
    expect(error.cause).toBe(cause)
  })

  it('defaults to an empty context and no cause', () => {
    const error = new P2PError('internal', 'x')
    expect(error.context).toEqual({})
    expect('cause' in error).toBe(false)
  })

  it('is recognised by instance and by shape, so errors crossing a realm still classify', () => {
    expect(isP2PError(new P2PError('queue_full', 'full'))).toBe(true)
    expect(isP2PError({ name: 'P2PError', code: 'invalid_json', message: 'm' })).toBe(true)
    expect(isP2PError({ name: 'P2PError', code: 'made_up' })).toBe(false)
    expect(isP2PError({ name: 'Error', code: 'invalid_json' })).toBe(false)
    expect(isP2PError(new Error('plain'))).toBe(false)
    expect(isP2PError(null)).toBe(false)
    expect(isP2PError('P2PError')).toBe(false)
  })
})

describe('toP2PError', () => {
  it('keeps an error that already has a code', () => {
    const original = new P2PError('send_failed', 'stream reset')
    expect(toP2PError(original, 'internal')).toBe(original)
  })

  it('wraps anything else with the fallback code and keeps the original as cause', () => {
    const thrown = new TypeError('boom')
    const wrapped = toP2PError(thrown, 'upstream_unavailable', { service: 'blockchain' })
    expect(wrapped).toBeInstanceOf(P2PError)
    expect(wrapped.code).toBe('upstream_unavailable')
    expect(wrapped.message).toBe('boom')
    expect(wrapped.context).toEqual({ service: 'blockchain' })
    expect(wrapped.cause).toBe(thrown)
  })

  it('falls back to internal and stringifies non-errors', () => {
    const wrapped = toP2PError('just a string')
    expect(wrapped.code).toBe('internal')
    expect(wrapped.message).toBe('just a string')
    expect(toP2PError(undefined).message).toBe('undefined')
  })
})

describe('Result', () => {
  it('builds ok and err variants', () => {
    expect(ok(5)).toEqual({ ok: true, value: 5 })
    const error = new P2PError('stopped', 'stopped')
    expect(err(error)).toEqual({ ok: false, error })
  })

  it('unwraps ok values and throws the error of err results', () => {
    expect(unwrap(ok('v'))).toBe('v')
    const error = new P2PError('not_started', 'not yet')
    expect(() => unwrap(err(error))).toThrow(error)
  })
})
