import { describeLoadGaugeCompliance, FakeClock, MemoryLogger, waitFor } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { SystemClock } from '../clock/system-clock.js'
import { EventLoopLoadGauge } from './event-loop-load-gauge.js'

/** Keeps this process's event loop busy in 60 ms slices until stopped: work it cannot keep up with. */
function burner(): { start(): void; stop(): void } {
  let burning = false
  const slice = () => {
    if (!burning) return
    const until = performance.now() + 60
    while (performance.now() < until) {
      // busy on purpose
    }
    setImmediate(slice)
  }
  return {
    start: () => {
      burning = true
      setImmediate(slice)
    },
    stop: () => {
      burning = false
    },
  }
}

describeLoadGaugeCompliance('EventLoopLoadGauge', async () => {
  const gauge = new EventLoopLoadGauge({ logger: new MemoryLogger(), clock: new SystemClock() })
  await gauge.start()
  const load = burner()
  return {
    gauge,
    noticeWithinMs: 5_000,
    overload: async () => load.start(),
    relieve: async () => load.stop(),
    cleanup: () => gauge.stop(),
  }
})

describe('EventLoopLoadGauge', () => {
  it('counts episodes and time overloaded, warns on entering, and stop() leaves no timer', async () => {
    const logger = new MemoryLogger()
    const gauge = new EventLoopLoadGauge(
      { logger, clock: new SystemClock() },
      { sampleMs: 50, calmSamples: 2 },
    )
    await gauge.start()
    const load = burner()
    load.start()
    await waitFor(() => gauge.overloaded(), { timeoutMs: 5_000, what: 'overload' })
    load.stop()
    await waitFor(() => !gauge.overloaded(), { timeoutMs: 5_000, what: 'calm' })
    const stats = gauge.stats()
    expect(stats.episodes).toBeGreaterThanOrEqual(1)
    expect(stats.overloadedMs).toBeGreaterThan(0)
    expect(logger.filter('warn', 'overloaded: shedding load')).toHaveLength(1)
    await gauge.stop()
    expect(gauge.overloaded()).toBe(false)
  })

  it('samples on its clock while started, and stop() leaves no timer behind', async () => {
    const clock = new FakeClock()
    const gauge = new EventLoopLoadGauge({ logger: new MemoryLogger(), clock }, { sampleMs: 250 })
    await gauge.start()
    expect(clock.pendingTimers).toBe(1)
    clock.advance(1_000)
    expect(clock.pendingTimers).toBe(1)
    await gauge.stop()
    expect(clock.pendingTimers).toBe(0)
    clock.advance(1_000)
    expect(clock.pendingTimers).toBe(0)
  })

  it('enters on one long stall even when the loop is otherwise idle', async () => {
    const logger = new MemoryLogger()
    // Entry on the busy share is out of reach here, so a machine busy with other tests cannot
    // put the gauge into overload before the stall does.
    const gauge = new EventLoopLoadGauge(
      { logger, clock: new SystemClock() },
      { sampleMs: 50, enterUtilization: Number.POSITIVE_INFINITY },
    )
    await gauge.start()
    try {
      // The delay histogram records from its first turn of the loop on: stall after that.
      await waitFor(() => gauge.stats().samples > 0, { timeoutMs: 2_000, what: 'a first sample' })
      const until = performance.now() + 250
      while (performance.now() < until) {
        // one stall, as a long garbage collection or a synchronous batch would cause
      }
      await waitFor(() => gauge.overloaded(), { timeoutMs: 2_000, what: 'the stall to be noticed' })
      // What the gauge read as it entered, not the sample after: that one may be calm already.
      const entered = logger.find('warn', 'overloaded: shedding load')
      expect(entered?.context.delayMs).toBeGreaterThanOrEqual(150)
    } finally {
      await gauge.stop()
    }
  })
})
