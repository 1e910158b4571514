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

describe('MemoryMetrics with a bounded call log', () => {
  it('keeps the newest callLogLimit calls, and counts and sums every call', () => {
    const metrics = new MemoryMetrics({ callLogLimit: 2 })
    for (let i = 1; i <= 5; i++) metrics.messageReceived(i % 2 === 0 ? 'block' : 'subtree', i)
    expect(metrics.calls).toEqual([
      { metric: 'messageReceived', kind: 'block', bytes: 4 },
      { metric: 'messageReceived', kind: 'subtree', bytes: 5 },
    ])
    expect(metrics.count('messageReceived')).toBe(5)
    expect(metrics.count('messageReceived', { kind: 'subtree' })).toBe(3)
    expect(metrics.sum('messageReceived', 'bytes', { kind: 'block' })).toBe(6)
    expect(metrics.sum('messageReceived', 'bytes')).toBe(15)
  })

  it('keeps no calls at 0 and still counts them all', () => {
    const metrics = new MemoryMetrics({ callLogLimit: 0 })
    for (let i = 0; i < 1000; i++) metrics.inputRejected('block', i % 10 === 0 ? 'duplicate' : 'invalid_json')
    expect(metrics.calls).toHaveLength(0)
    expect(metrics.count('inputRejected')).toBe(1000)
    expect(metrics.count('inputRejected', { code: 'duplicate' })).toBe(100)
  })

  it('matches on an amount from the log while it holds every call, and refuses once it does not', () => {
    const whole = new MemoryMetrics()
    whole.notificationBroadcast('block', 10, 100, 0.1)
    whole.notificationBroadcast('block', 10, 99, 0.1)
    expect(whole.count('notificationBroadcast', { type: 'block', clients: 100 })).toBe(1)
    expect(whole.sum('notificationBroadcast', 'bytes', { clients: 99 })).toBe(10)
    const bounded = new MemoryMetrics({ callLogLimit: 1 })
    bounded.notificationBroadcast('block', 10, 100, 0.1)
    expect(bounded.count('notificationBroadcast', { clients: 100 })).toBe(1)
    bounded.notificationBroadcast('block', 10, 100, 0.1)
    expect(() => bounded.count('notificationBroadcast', { clients: 100 })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    )
    // Series labels alone never need the log.
    expect(bounded.count('notificationBroadcast', { type: 'block' })).toBe(2)
  })

  it('tallies calls by the labels asked for', () => {
    const metrics = new MemoryMetrics({ callLogLimit: 0 })
    metrics.handoff('block', 'ok', 1)
    metrics.handoff('block', 'ok', 2)
    metrics.handoff('subtree', 'failed', 3)
    expect(metrics.tally('handoff', 'kind', 'outcome')).toEqual({ 'block:ok': 2, 'subtree:failed': 1 })
    expect(metrics.tally('handoff', 'outcome')).toEqual({ ok: 2, failed: 1 })
    expect(metrics.tally('gossipVerdict', 'kind')).toEqual({})
  })

  it('forgets counts on reset, and refuses a callLogLimit that is no whole number', () => {
    const metrics = new MemoryMetrics({ callLogLimit: 0 })
    metrics.clientConnected()
    metrics.reset()
    expect(metrics.count('clientConnected')).toBe(0)
    for (const callLogLimit of [-1, 0.5, Number.NaN]) {
      expect(() => new MemoryMetrics({ callLogLimit })).toThrow(
        expect.objectContaining({ code: 'invalid_config' }),
      )
    }
  })
})
