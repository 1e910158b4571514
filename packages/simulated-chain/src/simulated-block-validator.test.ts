import {
  anAnnouncement,
  describeBlockValidatorCompliance,
  expectCodedRejection,
  FakeClock,
  waitFor,
} from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { SimulatedBlockValidator } from './simulated-block-validator.js'
import { SimulatedChain } from './simulated-chain.js'

describeBlockValidatorCompliance('SimulatedBlockValidator', async () => {
  const validator = new SimulatedBlockValidator(new SimulatedChain({ clock: new FakeClock() }))
  return {
    validator,
    received: async () => validator.calls().map(({ kind, hash, baseUrl }) => ({ kind, hash, baseUrl })),
    setFailing: async (failing) => validator.setFailing(failing),
    hold: async () => validator.hold(),
    release: async () => validator.release(),
    cleanup: async () => {},
  }
})

describe('SimulatedBlockValidator', () => {
  it('logs who announced what, and when', async () => {
    const clock = new FakeClock()
    const validator = new SimulatedBlockValidator({ clock })
    await validator.start()
    const block = anAnnouncement()
    await validator.blockFound(block)
    clock.advance(250)
    const subtree = anAnnouncement()
    await validator.subtreeFound(subtree)
    expect(validator.calls()).toEqual([
      { kind: 'block', ...block, atMs: clock.now() - 250 },
      { kind: 'subtree', ...subtree, atMs: clock.now() },
    ])
  })

  it('keeps only the last callLogLimit calls', async () => {
    const validator = new SimulatedBlockValidator({ clock: new FakeClock() }, { callLogLimit: 3 })
    await validator.start()
    const announcements = Array.from({ length: 10 }, () => anAnnouncement())
    for (const a of announcements) await validator.blockFound(a)
    expect(validator.calls().map((call) => call.hash)).toEqual(announcements.slice(-3).map((a) => a.hash))
  })

  it('fails with the chosen upstream code', async () => {
    const validator = new SimulatedBlockValidator({ clock: new FakeClock() })
    await validator.start()
    validator.setFailing(true, 'upstream_unavailable')
    await expectCodedRejection(validator.blockFound(anAnnouncement()), 'upstream_unavailable')
    validator.setFailing(true)
    await expectCodedRejection(validator.subtreeFound(anAnnouncement()), 'upstream_failed')
  })

  it('refuses calls before start with not_started and after stop with stopped', async () => {
    const validator = new SimulatedBlockValidator({ clock: new FakeClock() })
    await expectCodedRejection(validator.blockFound(anAnnouncement()), 'not_started')
    await validator.start()
    await validator.stop()
    await expectCodedRejection(validator.subtreeFound(anAnnouncement()), 'stopped')
    expect(validator.calls()).toEqual([])
  })

  it('rejects a held call whose deadline passes with upstream_timeout, and answers the rest on release', async () => {
    const validator = new SimulatedBlockValidator({ clock: new FakeClock() })
    await validator.start()
    validator.hold()
    const deadline = new AbortController()
    const timed = validator.blockFound(anAnnouncement(), deadline.signal)
    const patient = validator.subtreeFound(anAnnouncement())
    await waitFor(() => validator.heldCount === 2, { what: 'both calls held' })
    deadline.abort(new DOMException('deadline', 'TimeoutError'))
    await expectCodedRejection(timed, 'upstream_timeout')
    expect(validator.heldCount).toBe(1)
    validator.release()
    await expect(patient).resolves.toBeUndefined()
    expect(validator.heldCount).toBe(0)
  })

  it('refuses bad settings with invalid_config', () => {
    expect(() => new SimulatedBlockValidator({ clock: new FakeClock() }, { callLogLimit: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    )
  })
})
