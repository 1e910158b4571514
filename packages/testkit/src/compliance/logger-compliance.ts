import type { Logger } from '@p2p/domain'
import { P2PError } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { type Cleanup, useHarness } from './use-harness.js'

/** A Logger under test and what it wrote, as structured records. */
export interface LoggerHarness extends Cleanup {
  readonly logger: Logger
  /** Every record written so far: level, message and the merged context. */
  records(): Promise<
    ReadonlyArray<{ level: string; message: string; context: Readonly<Record<string, unknown>> }>
  >
}

/**
 * What the service needs of any logger: context from the network (bigints, errors, cycles,
 * hostile strings) never makes logging throw, and children carry their bindings.
 */
export function describeLoggerCompliance(name: string, setup: () => Promise<LoggerHarness>): void {
  describe(`${name} (Logger compliance)`, () => {
    const harness = useHarness(setup)

    it('writes every level with its message and context', async () => {
      const h = harness()
      h.logger.debug('d', { n: 1 })
      h.logger.info('i', { n: 2 })
      h.logger.warn('w', { n: 3 })
      h.logger.error('e', { n: 4 })
      const records = await h.records()
      expect(records.map((r) => [r.level, r.message, r.context.n])).toEqual([
        ['debug', 'd', 1],
        ['info', 'i', 2],
        ['warn', 'w', 3],
        ['error', 'e', 4],
      ])
    })

    it('merges child bindings into every record, the call’s own keys winning', async () => {
      const h = harness()
      const child = h.logger.child({ component: 'x', peer: 'a' }).child({ peer: 'b' })
      child.info('hello', { extra: true })
      const [record] = await h.records()
      expect(record?.context).toMatchObject({ component: 'x', peer: 'b', extra: true })
    })

    it('never throws on awkward context: bigint, errors, cycles, control characters', async () => {
      const h = harness()
      const cycle: Record<string, unknown> = { name: 'loop' }
      cycle.self = cycle
      const awkward = {
        size: 2n ** 64n - 1n,
        error: new P2PError('invalid_json', 'bad'),
        cycle,
        text: 'line\nbreak\u0000nul',
        nothing: undefined,
      }
      expect(() => h.logger.warn('awkward', awkward)).not.toThrow()
      expect(() => h.logger.error('no context')).not.toThrow()
      expect((await h.records()).map((r) => r.message)).toEqual(['awkward', 'no context'])
    })
  })
}
