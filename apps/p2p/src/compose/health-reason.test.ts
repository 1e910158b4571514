import { describe, expect, it } from 'vitest'
import { healthReason } from './health-reason.js'

const upstreams = {
  blockchain: {
    state: 'down',
    detail: 'cannot connect to the blockchain service at 10.0.0.5:8087',
    sinceMs: 1,
  },
  blockValidation: { state: 'up', sinceMs: 1 },
  validator: { state: 'connecting', detail: 'connecting to validator.internal:8081', sinceMs: 1 },
} as const

describe('healthReason', () => {
  it('names each service that is not up and its state, without its detail by default', () => {
    expect(healthReason(true, upstreams, false)).toBe('blockchain down; validator connecting')
  })

  it('adds the detail when the operator allows it', () => {
    expect(healthReason(true, upstreams, true)).toBe(
      'blockchain down (cannot connect to the blockchain service at 10.0.0.5:8087); validator connecting (connecting to validator.internal:8081)',
    )
  })

  it('is undefined when every service is up, and "not running" before start', () => {
    expect(healthReason(true, { blockValidation: upstreams.blockValidation }, false)).toBeUndefined()
    expect(healthReason(false, upstreams, true)).toBe('not running')
  })
})
