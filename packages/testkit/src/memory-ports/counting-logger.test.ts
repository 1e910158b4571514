import { P2PError } from '@p2p/domain'
import { CountingLogger } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'

// Not run through the Logger compliance suite: it keeps no records to read back, by design.
describe('CountingLogger', () => {
  it('counts lines by level and message, children included', () => {
    const logger = new CountingLogger()
    const child = logger.child().child()
    logger.debug('tick')
    child.debug('tick')
    child.info('peer joined', { peer: 'a' })
    child.warn('slow peer')
    logger.error('dial failed')
    expect(logger.countOf('debug', 'tick')).toBe(2)
    expect(logger.countOf('info')).toBe(1)
    expect(logger.countOf('warn', 'nothing like it')).toBe(0)
    expect(logger.problems).toBe(2)
    expect(child.topMessages(1)).toEqual({ tick: 2 })
  })

  it('keeps only the first warnings and errors, with their context', () => {
    const logger = new CountingLogger({ keepProblems: 2 })
    logger.warn('first', { peer: 'a' })
    logger.error('second')
    logger.error('third')
    expect(logger.firstProblems).toEqual(['warn: first {"peer":"a"}', 'error: second {}'])
    expect(logger.problems).toBe(3)
  })

  it('never throws on context JSON cannot hold', () => {
    const logger = new CountingLogger()
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() =>
      logger.warn('big', { size: 2n ** 64n, error: new P2PError('invalid_json', 'bad') }),
    ).not.toThrow()
    expect(() => logger.error('loop', { cycle })).not.toThrow()
    expect(logger.firstProblems[0]).toContain('"size":"18446744073709551616"')
    expect(logger.problems).toBe(2)
  })
})
