import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleValue } from '../test/read-metric.js'
import { amount, MAX_METHODS, MethodLabel, OTHER_METHOD } from './bounded-labels.js'
import { PrometheusMetrics } from './prometheus-metrics.js'

describe('amount', () => {
  it('keeps numbers from 0 to 2^53 - 1 and drops everything else', () => {
    expect(amount(0)).toBe(0)
    expect(amount(0.25)).toBe(0.25)
    expect(amount(1e12)).toBe(1e12)
    expect(amount(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER)
    for (const odd of [
      Number.NaN,
      -1,
      -0.001,
      Number.POSITIVE_INFINITY,
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
    ]) {
      expect(amount(odd)).toBeUndefined()
    }
    expect(amount('3' as unknown as number)).toBeUndefined()
  })
})

describe('MethodLabel', () => {
  it('keeps RPC-like names and folds the rest into other', () => {
    const label = new MethodLabel()
    expect(label.of('BlockFound')).toBe('BlockFound')
    expect(label.of('a'.repeat(40))).toBe('a'.repeat(40))
    for (const odd of ['', 'a'.repeat(41), 'Get-Block', 'get_block', 'GetBlock2', 'Bloc k', 'é', '/x.Y/Z']) {
      expect(label.of(odd)).toBe(OTHER_METHOD)
    }
    expect(label.of(undefined as unknown as string)).toBe(OTHER_METHOD)
  })

  it(`admits only the first ${MAX_METHODS} distinct names`, () => {
    const label = new MethodLabel()
    // MethodAA, MethodAB, …: distinct, and letters only.
    const letters = (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))
    const names = Array.from({ length: MAX_METHODS }, (_, i) => `Method${letters(i)}`)
    for (const name of names) expect(label.of(name)).toBe(name)
    expect(label.of('OneTooMany')).toBe(OTHER_METHOD)
    expect(label.of(names[0]!)).toBe(names[0])
  })

  it('bounds the method label of the upstream series', async () => {
    const metrics = new PrometheusMetrics({}, { defaultMetrics: false })
    metrics.upstreamCall('validator', 'ValidateTransaction', 'ok', 0.01)
    metrics.upstreamCall('validator', '../../etc/passwd', 'internal', 0.01)
    metrics.upstreamCall('validator', 'x'.repeat(1000), 'internal', 0.01)
    const calls = 'p2p_upstream_calls_total'
    const read = (method: string, outcome: string) =>
      sampleValue(metrics.registry, calls, { service: 'validator', method, outcome })
    expect(await read('ValidateTransaction', 'ok')).toBe(1)
    expect(await read('other', 'internal')).toBe(2)
    const { body } = await metrics.exposition()
    expect(body).toContain('p2p_upstream_call_duration_seconds_count{service="validator",method="other"} 2\n')
    expect(body).not.toContain('passwd')
  })
})

describe('odd numbers never throw and never poison a series', () => {
  const odd = fc.oneof(
    fc.double(),
    fc.constantFrom(Number.NaN, -0, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308),
  )

  it('drops what amount drops, and counts the event anyway', async () => {
    const metrics = new PrometheusMetrics({}, { defaultMetrics: false })
    fc.assert(
      fc.property(odd, odd, odd, (a, b, c) => {
        metrics.messageReceived('block', a)
        metrics.handoff('block', 'ok', a)
        metrics.upstreamCall('blockchain', 'GetBlock', 'ok', b)
        metrics.notificationBroadcast('block', a, b, c)
        metrics.notificationsSkipped('block', c)
      }),
    )
    const { body } = await metrics.exposition()
    // A NaN or an Infinity anywhere in the text would mean a series that can never recover.
    expect(body).not.toMatch(/ (NaN|[+-]Inf)$/m)
    expect(
      await sampleValue(metrics.registry, 'p2p_gossip_messages_received_total', { topic: 'block' }),
    ).toBe(100)
    expect(await sampleValue(metrics.registry, 'p2p_websocket_notifications_total', { type: 'block' })).toBe(
      100,
    )
  })

  it('counts bytes times clients, and skipped copies', async () => {
    const metrics = new PrometheusMetrics({}, { defaultMetrics: false })
    metrics.notificationBroadcast('block', 300, 4, 0.001)
    metrics.notificationBroadcast('block', Number.NaN, 2, 0.001)
    metrics.notificationBroadcast('block', 300, -2, 0.001)
    metrics.notificationsSkipped('subtree', 3)
    metrics.notificationsSkipped('subtree', Number.NaN)
    const read = (name: string, labels = {}) => sampleValue(metrics.registry, name, labels)
    expect(await read('p2p_websocket_sent_bytes_total')).toBe(1200)
    expect(await read('p2p_websocket_notification_copies_total', { type: 'block' })).toBe(6)
    expect(await read('p2p_websocket_notifications_skipped_total', { type: 'subtree' })).toBe(3)
    expect(await read('p2p_websocket_broadcast_duration_seconds_count')).toBe(3)
  })
})
