import { type Hash, hashFromHex, type MessageTrace, TRACE_STAGES } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { type Cleanup, useHarness } from './use-harness.js'

/** What a harness says about the messages its trace kept. */
export interface TracedView {
  readonly hash: Hash
  readonly stages: Readonly<Partial<Record<(typeof TRACE_STAGES)[number], number>>>
}

/** A MessageTrace under test, made at the rate asked, keeping at most `maxMessages`. */
export interface MessageTraceHarness extends Cleanup {
  readonly trace: MessageTrace
  readonly traced: () => readonly TracedView[]
}

export type MessageTraceFactory = (options: {
  sampleRate: number
  maxMessages: number
}) => Promise<MessageTraceHarness>

/** A hash whose first four hex digits are `prefix` (0 to 0xffff). */
const hashWithPrefix = (prefix: number, rest = 0) =>
  hashFromHex(prefix.toString(16).padStart(4, '0') + rest.toString(16).padStart(60, '0'))

/**
 * The MessageTrace contract: sampling by hash, the same for every instance at one rate; the first
 * time a stage is passed is the one kept; a bounded number of messages; stamps ms since the epoch
 * that never go back; nothing thrown, whatever it is given.
 */
export function describeMessageTraceCompliance(name: string, make: MessageTraceFactory) {
  describe(`${name} (MessageTrace compliance)`, () => {
    const tenth = useHarness(() => make({ sampleRate: 0.1, maxMessages: 4 }))

    it('samples by hash: the same hashes at every instance with the same rate, about the share asked', async () => {
      const other = await make({ sampleRate: 0.1, maxMessages: 4 })
      try {
        let sampled = 0
        for (let prefix = 0; prefix < 0x10000; prefix += 17) {
          const hash = hashWithPrefix(prefix)
          expect(tenth().trace.sampled(hash)).toBe(other.trace.sampled(hash))
          if (tenth().trace.sampled(hash)) sampled++
        }
        expect(sampled / Math.ceil(0x10000 / 17)).toBeCloseTo(0.1, 2)
      } finally {
        await other.cleanup()
      }
    })

    it('samples nothing at rate 0 and everything at rate 1', async () => {
      const none = await make({ sampleRate: 0, maxMessages: 4 })
      const all = await make({ sampleRate: 1, maxMessages: 4 })
      try {
        for (const prefix of [0, 1, 0x7fff, 0xffff]) {
          expect(none.trace.sampled(hashWithPrefix(prefix))).toBe(false)
          expect(all.trace.sampled(hashWithPrefix(prefix))).toBe(true)
        }
        none.trace.mark(hashWithPrefix(0), 'received', none.trace.stamp())
        expect(none.traced()).toEqual([])
      } finally {
        await Promise.all([none.cleanup(), all.cleanup()])
      }
    })

    it('keeps the first time of each stage of a sampled message, and nothing of the others', () => {
      const { trace, traced } = tenth()
      const kept = hashWithPrefix(0)
      const skipped = hashWithPrefix(0xffff)
      trace.mark(kept, 'received', 1000.5)
      trace.mark(kept, 'received', 2000)
      trace.mark(kept, 'verdict', 1001.25)
      trace.mark(skipped, 'received', 1000)
      expect(traced()).toEqual([{ hash: kept, stages: { received: 1000.5, verdict: 1001.25 } }])
    })

    it('keeps at most its bound of messages, forgetting the oldest', () => {
      const { trace, traced } = tenth()
      for (let i = 0; i < 6; i++) trace.mark(hashWithPrefix(0, i), 'chainEvent', i)
      expect(traced().map((m) => m.stages.chainEvent)).toEqual([2, 3, 4, 5])
    })

    it('stamps ms since the epoch that never go back', () => {
      const { trace } = tenth()
      const first = trace.stamp()
      const second = trace.stamp()
      expect(second).toBeGreaterThanOrEqual(first)
      expect(first).toBeGreaterThan(Date.UTC(2020, 0, 1))
    })

    it('never throws, whatever the hash', () => {
      const { trace } = tenth()
      for (const hash of ['', 'zz', 'x'.repeat(10_000), '\u0000'] as Hash[]) {
        expect(() => trace.sampled(hash)).not.toThrow()
        for (const stage of TRACE_STAGES) expect(() => trace.mark(hash, stage, 1)).not.toThrow()
      }
    })
  })
}
