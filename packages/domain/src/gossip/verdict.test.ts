import { describe, expect, it } from 'vitest'
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js'
import { verdictForError } from './verdict.js'

// The sender is at fault for a malformed or lying payload; everything else (our own trouble,
// or a well-formed announcement we merely cannot use) must not cost an honest peer its score.
const REJECT: readonly ErrorCode[] = [
  'payload_too_large',
  'invalid_utf8',
  'invalid_json',
  'not_an_object',
  'invalid_field',
  'invalid_hash',
  'peer_id_mismatch',
  'forbidden_url',
]

describe('verdictForError', () => {
  it.each(REJECT)('rejects %s', (code) => {
    expect(verdictForError(code)).toBe('reject')
  })

  it.each(ERROR_CODES.filter((code) => !REJECT.includes(code)))('ignores %s', (code) => {
    expect(verdictForError(code)).toBe('ignore')
  })

  it('never accepts on an error', () => {
    for (const code of ERROR_CODES) expect(verdictForError(code)).not.toBe('accept')
  })

  it('ignores what is refused before judging or after it: banned authors, rate limits, replays', () => {
    for (const code of ['banned', 'rate_limited', 'duplicate'] as const)
      expect(verdictForError(code)).toBe('ignore')
  })

  it('ignores internal errors and codes it does not know', () => {
    expect(verdictForError('internal')).toBe('ignore')
    expect(verdictForError('no_such_code' as ErrorCode)).toBe('ignore')
    expect(verdictForError('toString' as ErrorCode)).toBe('ignore')
  })
})
