import {
  ERROR_CODES,
  type ErrorCode,
  UPSTREAM_SERVICES,
  type UpstreamCallOutcome,
  type UpstreamMetrics,
  type UpstreamService,
} from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { type Cleanup, useHarness } from './use-harness.js'

/** An UpstreamMetrics under test and a way to read its counters back. */
export interface UpstreamMetricsHarness extends Cleanup {
  readonly metrics: UpstreamMetrics
  callCount(service: UpstreamService, method: string, outcome: UpstreamCallOutcome): Promise<number>
  subscriptionFailureCount(service: UpstreamService, code: ErrorCode): Promise<number>
  resubscribeCount(service: UpstreamService): Promise<number>
}

/**
 * Called by the node-service adapters on every call and every failed or re-opened subscription:
 * every label value is accepted, nothing throws.
 */
export function describeUpstreamMetricsCompliance(
  name: string,
  setup: () => Promise<UpstreamMetricsHarness>,
): void {
  describe(`${name} (UpstreamMetrics compliance)`, () => {
    const harness = useHarness(setup)

    it('accepts every service and outcome, and odd durations, without throwing', () => {
      const { metrics } = harness()
      expect(() => {
        for (const service of UPSTREAM_SERVICES) {
          for (const outcome of ['ok', ...ERROR_CODES] as const)
            metrics.upstreamCall(service, 'Call', outcome, 0.01)
          for (const code of ERROR_CODES) metrics.upstreamSubscriptionFailed(service, code)
          metrics.upstreamResubscribe(service)
          metrics.upstreamCall(service, 'Call', 'ok', Number.NaN)
          metrics.upstreamCall(service, 'Call', 'ok', -1)
        }
      }).not.toThrow()
    })

    it('counts calls per service, method and outcome, and resubscriptions per service', async () => {
      const h = harness()
      h.metrics.upstreamCall('blockValidation', 'BlockFound', 'ok', 0.2)
      h.metrics.upstreamCall('blockValidation', 'BlockFound', 'upstream_timeout', 5)
      h.metrics.upstreamCall('blockValidation', 'BlockFound', 'upstream_timeout', 5)
      h.metrics.upstreamResubscribe('blockchain')
      expect(await h.callCount('blockValidation', 'BlockFound', 'upstream_timeout')).toBe(2)
      expect(await h.callCount('blockValidation', 'BlockFound', 'ok')).toBe(1)
      expect(await h.callCount('blockValidation', 'SubtreeFound', 'ok')).toBe(0)
      expect(await h.resubscribeCount('blockchain')).toBe(1)
      expect(await h.resubscribeCount('validator')).toBe(0)
    })

    it('counts failed subscription streams per service and code', async () => {
      const h = harness()
      h.metrics.upstreamSubscriptionFailed('blockchain', 'upstream_unavailable')
      h.metrics.upstreamSubscriptionFailed('blockchain', 'upstream_unavailable')
      h.metrics.upstreamSubscriptionFailed('validator', 'upstream_failed')
      expect(await h.subscriptionFailureCount('blockchain', 'upstream_unavailable')).toBe(2)
      expect(await h.subscriptionFailureCount('validator', 'upstream_failed')).toBe(1)
      expect(await h.subscriptionFailureCount('blockchain', 'upstream_failed')).toBe(0)
    })
  })
}
