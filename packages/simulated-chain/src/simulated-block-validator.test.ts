import {
  anAnnouncement,
  describeBlockValidatorCompliance,
  expectCodedRejection,
  FakeClock,
} from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { SIMULATED_CALL_LOG_LIMIT, SimulatedBlockValidator } from './simulated-block-validator.js'
import { SimulatedChain } from './simulated-chain.js'

describeBlockValidatorCompliance('SimulatedBlockValidator', async () => {
  const validator = new SimulatedBlockValidator(new SimulatedChain({ clock: new FakeClock() }))
  return {
    validator,
    received: async () =>
      validator.calls.map(({ kind, announcement: { hash, baseUrl } }) => ({ kind, hash, baseUrl })),
    setFailing: async (failing) => validator.setFailing(failing),
    hold: async () => validator.hold(),
    release: async () => validator.release(),
    cleanup: async () => {},
  }
})

// The log, the faults and holding are the family's (tested with MemoryBlockValidator in the
// testkit); what is the simulated service's own is the bound on its log.
describe('SimulatedBlockValidator', () => {
  it('keeps the last SIMULATED_CALL_LOG_LIMIT calls unless told otherwise', async () => {
    const validator = new SimulatedBlockValidator({ clock: new FakeClock() })
    await validator.start()
    const announcements = Array.from({ length: SIMULATED_CALL_LOG_LIMIT + 5 }, () => anAnnouncement())
    for (const a of announcements) await validator.blockFound(a)
    expect(validator.callsOf('block')).toEqual(announcements.slice(-SIMULATED_CALL_LOG_LIMIT))
  })

  it('keeps only the last callLogLimit calls, and names itself in its errors', async () => {
    const validator = new SimulatedBlockValidator({ clock: new FakeClock() }, { callLogLimit: 3 })
    const refused = await expectCodedRejection(validator.blockFound(anAnnouncement()), 'not_started')
    expect(refused.message).toMatch(/^SimulatedBlockValidator\.blockFound/)
    await validator.start()
    const announcements = Array.from({ length: 10 }, () => anAnnouncement())
    for (const a of announcements) await validator.blockFound(a)
    expect(validator.calls.map((call) => call.announcement)).toEqual(announcements.slice(-3))
  })

  it('refuses bad settings with invalid_config', () => {
    expect(() => new SimulatedBlockValidator({ clock: new FakeClock() }, { callLogLimit: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    )
  })
})
