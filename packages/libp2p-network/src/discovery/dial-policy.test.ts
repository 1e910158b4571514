import { describe, expect, it } from 'vitest'
import { classifyDialFailure, DialPolicy } from './dial-policy.js'

function named(name: string, message = 'x'): Error {
  const error = new Error(message)
  error.name = name
  return error
}

describe('classifyDialFailure', () => {
  it('recognises the two failures a retry cannot fix, by libp2p error name or Go text', () => {
    expect(classifyDialFailure(named('NoValidAddressesError'))).toBe('no_good_addresses')
    expect(classifyDialFailure(new Error('failed to dial: no good addresses'))).toBe('no_good_addresses')
    expect(classifyDialFailure(named('UnexpectedPeerError'))).toBe('peer_id_mismatch')
    expect(classifyDialFailure(new Error('peer id mismatch: expected A, got B'))).toBe('peer_id_mismatch')
  })

  it('recognises a refusal by our own connection gater', () => {
    expect(classifyDialFailure(named('DialDeniedError'))).toBe('denied')
    expect(classifyDialFailure(named('ConnectionInterceptedError'))).toBe('denied')
  })

  it('treats everything else as worth retrying', () => {
    expect(classifyDialFailure(named('DialError', 'connection refused'))).toBe('other')
    expect(classifyDialFailure('a string')).toBe('other')
    expect(classifyDialFailure(undefined)).toBe('other')
  })
})

describe('DialPolicy', () => {
  it('skips hopeless peers only when optimise retries is on', () => {
    const on = new DialPolicy({}, { optimiseRetries: true })
    expect(on.failed('a', named('NoValidAddressesError'))).toBe(true)
    expect(on.failed('b', named('DialError'))).toBe(false)
    expect(on.shouldDial('a')).toBe(false)
    expect(on.shouldDial('b')).toBe(true)

    const off = new DialPolicy({}, { optimiseRetries: false })
    expect(off.failed('a', named('NoValidAddressesError'))).toBe(false)
    expect(off.shouldDial('a')).toBe(true)
  })

  it('forgets the oldest skipped peer when full', () => {
    const policy = new DialPolicy({}, { optimiseRetries: true, capacity: 2 })
    for (const peer of ['a', 'b', 'c']) policy.failed(peer, named('UnexpectedPeerError'))
    expect(policy.skippedCount).toBe(2)
    expect(policy.shouldDial('a')).toBe(true)
    expect(policy.shouldDial('c')).toBe(false)
  })

  it('never dials a banned peer, and forgets the refusal when the ban ends', () => {
    const banned = new Set(['a'])
    const policy = new DialPolicy(
      { isBanned: (peer) => banned.has(peer) },
      { optimiseRetries: true, capacity: 10 },
    )
    expect(policy.shouldDial('a')).toBe(false)
    expect(policy.failed('a', named('DialDeniedError'))).toBe(true)
    banned.delete('a')
    expect(policy.shouldDial('a')).toBe(true)
    expect(policy.skippedCount).toBe(0)
  })
})
