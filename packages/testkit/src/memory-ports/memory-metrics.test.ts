import { MemoryMetrics } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'

describe('MemoryMetrics', () => {
  it('records every method with its arguments, in order', () => {
    const metrics = new MemoryMetrics()
    metrics.messageReceived('block', 120)
    metrics.messagePublished('miningOn')
    metrics.publishFailed('subtree', 'send_failed')
    metrics.gossipVerdict('block', 'reject')
    metrics.inputRejected('chain', 'invalid_field')
    metrics.handoff('subtree', 'ok', 0.25)
    metrics.notified('mining_on')
    metrics.directReplySent('failed')
    expect(metrics.calls).toEqual([
      { metric: 'messageReceived', kind: 'block', bytes: 120 },
      { metric: 'messagePublished', kind: 'miningOn' },
      { metric: 'publishFailed', kind: 'subtree', code: 'send_failed' },
      { metric: 'gossipVerdict', kind: 'block', verdict: 'reject' },
      { metric: 'inputRejected', source: 'chain', code: 'invalid_field' },
      { metric: 'handoff', kind: 'subtree', outcome: 'ok', seconds: 0.25 },
      { metric: 'notified', type: 'mining_on' },
      { metric: 'directReplySent', outcome: 'failed' },
    ])
  })

  it('counts calls matching some or all labels', () => {
    const metrics = new MemoryMetrics()
    metrics.inputRejected('block', 'invalid_json')
    metrics.inputRejected('block', 'invalid_json')
    metrics.inputRejected('block', 'invalid_field')
    metrics.inputRejected('direct', 'invalid_json')
    expect(metrics.count('inputRejected')).toBe(4)
    expect(metrics.count('inputRejected', { source: 'block' })).toBe(3)
    expect(metrics.count('inputRejected', { source: 'block', code: 'invalid_json' })).toBe(2)
    expect(metrics.count('inputRejected', { code: 'invalid_json' })).toBe(3)
    expect(metrics.count('gossipVerdict')).toBe(0)
  })

  it('sums numeric arguments over matching calls, and resets', () => {
    const metrics = new MemoryMetrics()
    metrics.messageReceived('block', 100)
    metrics.messageReceived('block', 50)
    metrics.messageReceived('subtree', 7)
    metrics.handoff('block', 'ok', 1.5)
    metrics.handoff('block', 'failed', 2)
    expect(metrics.sum('messageReceived', 'bytes', { kind: 'block' })).toBe(150)
    expect(metrics.sum('messageReceived', 'bytes')).toBe(157)
    expect(metrics.sum('handoff', 'seconds', { outcome: 'ok' })).toBe(1.5)
    expect(metrics.callsOf('handoff', { outcome: 'failed' })).toEqual([
      { metric: 'handoff', kind: 'block', outcome: 'failed', seconds: 2 },
    ])
    metrics.reset()
    expect(metrics.calls).toHaveLength(0)
  })
})
