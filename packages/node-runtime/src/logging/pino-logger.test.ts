import { Writable } from 'node:stream'
import { describeLoggerCompliance } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { PinoLogger, safeContext } from './pino-logger.js'

/** Collects the JSON lines pino writes. */
function lines() {
  const written: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      written.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  return { written, destination }
}

describeLoggerCompliance('PinoLogger', async () => {
  const { written, destination } = lines()
  const logger = PinoLogger.create({ level: 'debug', destination })
  return {
    logger,
    records: async () =>
      written.map((line) => {
        const { level, msg, time: _time, ...context } = JSON.parse(line) as Record<string, unknown>
        return { level: String(level), message: String(msg), context }
      }),
    cleanup: async () => {},
  }
})

describe('PinoLogger', () => {
  it('writes one JSON line per record with the level name, an ISO time and the base bindings', () => {
    const { written, destination } = lines()
    PinoLogger.create({ destination, base: { service: 'p2p' } }).info('started', { peers: 3 })
    const record = JSON.parse(written[0] ?? '{}') as Record<string, unknown>
    expect(record).toMatchObject({ level: 'info', msg: 'started', peers: 3, service: 'p2p' })
    expect(String(record.time)).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('drops records below its level', () => {
    const { written, destination } = lines()
    const logger = PinoLogger.create({ destination, level: 'warn' })
    logger.info('quiet')
    logger.warn('loud')
    expect(written).toHaveLength(1)
  })
})

describe('safeContext', () => {
  it('turns hostile values into plain JSON', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    const safe = safeContext({
      big: 2n ** 70n,
      error: new TypeError('boom'),
      cyclic,
      bytes: new Uint8Array(5),
      long: 'x'.repeat(10_000),
      fn: () => 1,
    })
    expect(safe).toMatchObject({
      big: '1180591620717411303424',
      error: { name: 'TypeError', message: 'boom' },
      cyclic: { a: 1, self: '[circular]' },
      bytes: '[5 bytes]',
      fn: '[function]',
    })
    expect(String(safe.long).length).toBeLessThan(4_200)
    expect(() => JSON.stringify(safe)).not.toThrow()
  })
})
