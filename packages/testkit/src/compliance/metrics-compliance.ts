import {
  ERROR_CODES,
  type GossipVerdict,
  type HandoffOutcome,
  type InputSource,
  NOTIFICATION_TYPES,
  type P2PMetrics,
  TOPIC_KINDS,
} from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { type Cleanup, useHarness } from './use-harness.js'

/** A P2PMetrics under test and a way to read a counter back (a scrape, for Prometheus). */
export interface MetricsHarness extends Cleanup {
  readonly metrics: P2PMetrics
  /** How many times `inputRejected(source, code)` was counted. */
  rejectedCount(source: InputSource, code: (typeof ERROR_CODES)[number]): Promise<number>
  /** How many hand-offs of `kind` ended with `outcome`. */
  handoffCount(kind: 'block' | 'subtree', outcome: HandoffOutcome): Promise<number>
}

const SOURCES: readonly InputSource[] = [...TOPIC_KINDS, 'direct', 'chain', 'rejectedTxSource']
const VERDICTS: readonly GossipVerdict[] = ['accept', 'ignore', 'reject']
const OUTCOMES: readonly HandoffOutcome[] = ['ok', 'failed', 'dropped']

/** The core calls these on hot paths: every label value is accepted and nothing ever throws. */
export function describeMetricsCompliance(name: string, setup: () => Promise<MetricsHarness>): void {
  describe(`${name} (P2PMetrics compliance)`, () => {
    const harness = useHarness(setup)

    it('accepts every label value of every method without throwing', () => {
      const { metrics } = harness()
      expect(() => {
        for (const kind of TOPIC_KINDS) {
          metrics.messageReceived(kind, 123)
          metrics.messagePublished(kind)
          for (const verdict of VERDICTS) metrics.gossipVerdict(kind, verdict)
          for (const code of ERROR_CODES) metrics.publishFailed(kind, code)
        }
        for (const source of SOURCES) for (const code of ERROR_CODES) metrics.inputRejected(source, code)
        for (const kind of ['block', 'subtree'] as const) {
          for (const outcome of OUTCOMES) metrics.handoff(kind, outcome, 0.25)
        }
        for (const type of NOTIFICATION_TYPES) metrics.notified(type)
        metrics.directReplySent('ok')
        metrics.directReplySent('failed')
        metrics.directReplySent('dropped')
      }).not.toThrow()
    })

    it('counts what it is told, per label', async () => {
      const h = harness()
      h.metrics.inputRejected('block', 'invalid_json')
      h.metrics.inputRejected('block', 'invalid_json')
      h.metrics.inputRejected('direct', 'invalid_json')
      h.metrics.handoff('subtree', 'failed', 1.5)
      expect(await h.rejectedCount('block', 'invalid_json')).toBe(2)
      expect(await h.rejectedCount('direct', 'invalid_json')).toBe(1)
      expect(await h.rejectedCount('chain', 'invalid_json')).toBe(0)
      expect(await h.handoffCount('subtree', 'failed')).toBe(1)
      expect(await h.handoffCount('subtree', 'ok')).toBe(0)
    })

    it('survives odd numbers (negative, NaN, huge) without throwing', () => {
      const { metrics } = harness()
      expect(() => {
        metrics.messageReceived('block', Number.NaN)
        metrics.messageReceived('block', -1)
        metrics.handoff('block', 'ok', Number.POSITIVE_INFINITY)
        metrics.handoff('block', 'ok', 1e12)
      }).not.toThrow()
    })
  })
}
