import { FakeClock, MemoryLogger } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { UpstreamStateTracker } from './upstream-state.js'

const DOWN = 'node service is down'

function tracker() {
  const clock = new FakeClock()
  const logger = new MemoryLogger()
  const state = new UpstreamStateTracker({ clock, logger }, { service: 'blockValidation' })
  /** What reached the operator: everything above debug. */
  const said = () =>
    logger.entries
      .filter((entry) => entry.level !== 'debug')
      .map((entry) => [entry.level, entry.message, entry.context])
  return { clock, logger, state, said }
}

describe('UpstreamStateTracker', () => {
  it('says once at warn why the service went down, and nothing for the same state again', () => {
    const { clock, state, said } = tracker()
    state.set('connecting', 'connecting to 127.0.0.1:8088')
    expect(said()).toEqual([])
    clock.advance(1_000)
    state.set('down', 'cannot reach the block validation service: Failed to connect before the deadline')
    for (let i = 0; i < 20; i++) {
      clock.advance(1_000)
      state.set('down', 'cannot reach the block validation service: Failed to connect before the deadline')
    }
    expect(said()).toEqual([
      [
        'warn',
        DOWN,
        {
          service: 'blockValidation',
          reason: 'cannot reach the block validation service: Failed to connect before the deadline',
          downForMs: 0,
        },
      ],
    ])
    expect(state.status).toEqual({
      state: 'down',
      detail: 'cannot reach the block validation service: Failed to connect before the deadline',
      sinceMs: clock.now() - 20_000,
    })
  })

  it('says up the first time, and back up with how long the whole outage lasted', () => {
    const { clock, state, said } = tracker()
    state.set('up')
    state.set('up')
    clock.advance(5_000)
    state.set('down', 'first reason')
    clock.advance(3_000)
    state.set('down', 'second reason')
    clock.advance(4_000)
    state.set('up')
    const infos = said().filter(([level]) => level === 'info')
    expect(infos).toEqual([
      ['info', 'node service is up', { service: 'blockValidation' }],
      ['info', 'node service is back up', { service: 'blockValidation', downForMs: 7_000 }],
    ])
    expect(state.status).toEqual({ state: 'up', sinceMs: clock.now() })
  })

  it('paces a reason that keeps changing to one warn per 10 s, counting what it held back', () => {
    const { clock, logger, state, said } = tracker()
    for (let i = 0; i < 100; i++) {
      state.set('down', `blockFound failed: DEADLINE_EXCEEDED: after ${5_000 + i} ms`)
      clock.advance(100)
    }
    expect(said()).toHaveLength(1)
    expect(logger.filter('debug', DOWN)).toHaveLength(99)
    state.set('down', 'blockFound failed: UNAVAILABLE: connection refused')
    expect(said()[1]).toEqual([
      'warn',
      DOWN,
      {
        service: 'blockValidation',
        reason: 'blockFound failed: UNAVAILABLE: connection refused',
        downForMs: 10_000,
        heldBack: 99,
      },
    ])
  })

  it('says each of the reasons an outage alternates between once, however long it lasts', () => {
    const { clock, state, said } = tracker()
    for (let i = 0; i < 60; i++) {
      state.set('down', 'cannot connect to the blockchain service at 127.0.0.1:8087')
      clock.advance(5_000)
      state.set('down', 'cannot reach the blockchain service at 127.0.0.1:8087 within 5000 ms')
      clock.advance(1)
    }
    expect(said().map(([, , context]) => (context as { reason: string }).reason)).toEqual([
      'cannot connect to the blockchain service at 127.0.0.1:8087',
      'cannot reach the blockchain service at 127.0.0.1:8087 within 5000 ms',
    ])
  })

  it('says a down it held back once the interval allows, even if nothing changed meanwhile', () => {
    const { clock, state, said } = tracker()
    state.set('down', 'refused')
    clock.advance(1_000)
    state.set('up')
    clock.advance(1_000)
    // Too soon after the last warn: held back, and the log still says up.
    state.set('down', 'refused')
    expect(said().map(([level, message]) => `${level} ${message}`)).toEqual([
      `warn ${DOWN}`,
      'info node service is back up',
    ])
    for (let i = 0; i < 7; i++) {
      clock.advance(1_000)
      state.set('down', 'refused')
    }
    expect(said()).toHaveLength(2)
    clock.advance(1_000)
    state.set('down', 'refused')
    // The owed line itself, late; its repeats meanwhile are not counted as held back.
    expect(said()[2]).toEqual([
      'warn',
      DOWN,
      { service: 'blockValidation', reason: 'refused', downForMs: 8_000 },
    ])
    clock.advance(1_000)
    state.set('down', 'refused')
    expect(said()).toHaveLength(3)
  })

  it('keeps the end of an outage it never reported at debug', () => {
    const { clock, logger, state, said } = tracker()
    state.set('down', 'refused')
    state.set('up')
    state.set('down', 'refused')
    clock.advance(500)
    state.set('up')
    expect(said().map(([level, message]) => `${level} ${message}`)).toEqual([
      `warn ${DOWN}`,
      'info node service is back up',
    ])
    expect(logger.filter('debug', 'node service is back up')[0]?.context).toEqual({
      service: 'blockValidation',
      downForMs: 500,
    })
  })

  it('is down without a warning when stopped, and a stop ends an outage', () => {
    const { clock, logger, state, said } = tracker()
    state.set('down', 'refused')
    clock.advance(20_000)
    state.stopped()
    expect(said()).toHaveLength(1)
    expect(state.status).toEqual({ state: 'down', detail: 'stopped', sinceMs: clock.now() })
    expect(logger.find('debug', 'node service client stopped')?.context).toEqual({
      service: 'blockValidation',
    })
  })
})
