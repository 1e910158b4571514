import { FakeClock, MemoryBlockValidator } from '@p2p/memory-ports'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { describeBlockValidatorCompliance } from '../compliance/block-validator-compliance.js'
import { expectCodedRejection } from '../compliance/coded-rejection.js'
import { anAnnouncement } from '../mothers/chain-mothers.js'

describeBlockValidatorCompliance('MemoryBlockValidator', async () => {
  const validator = new MemoryBlockValidator()
  return {
    validator,
    received: async () =>
      validator.calls.map(({ kind, announcement }) => ({
        kind,
        hash: announcement.hash,
        baseUrl: announcement.baseUrl,
      })),
    setFailing: async (failing) => validator.setFailing(failing),
    hold: async () => validator.hold(),
    release: async () => validator.release(),
    cleanup: async () => {},
  }
})

describe('MemoryBlockValidator', () => {
  it('refuses calls before start and after stop, logging only the calls that reach the service', async () => {
    const validator = new MemoryBlockValidator()
    await expectCodedRejection(validator.blockFound(anAnnouncement()), 'not_started')
    await validator.start()
    validator.setUnavailable(true)
    await expectCodedRejection(validator.blockFound(anAnnouncement()), 'upstream_unavailable')
    await expectCodedRejection(validator.blockFound(anAnnouncement(), AbortSignal.abort()), 'stopped')
    validator.setUnavailable(false)
    const reached = anAnnouncement()
    await validator.blockFound(reached)
    await validator.stop()
    await expectCodedRejection(validator.subtreeFound(anAnnouncement()), 'stopped')
    expect(validator.calls.map((call) => call.announcement)).toEqual([reached])
  })

  it('logs who announced what, and when, by its clock', async () => {
    const clock = new FakeClock()
    const validator = new MemoryBlockValidator({ clock })
    await validator.start()
    const block = anAnnouncement()
    await validator.blockFound(block)
    clock.advance(250)
    const subtree = anAnnouncement()
    await validator.subtreeFound(subtree)
    expect(validator.calls).toEqual([
      { kind: 'block', announcement: block, atMs: clock.now() - 250 },
      { kind: 'subtree', announcement: subtree, atMs: clock.now() },
    ])
  })

  it('keeps only the last callLogLimit calls, and refuses a limit out of range with invalid_config', async () => {
    const validator = new MemoryBlockValidator({}, { callLogLimit: 3 })
    await validator.start()
    const announcements = Array.from({ length: 10 }, () => anAnnouncement())
    for (const a of announcements) await validator.blockFound(a)
    expect(validator.callsOf('block')).toEqual(announcements.slice(-3))
    for (const callLogLimit of [0, 1.5, 1_000_001]) {
      expect(() => new MemoryBlockValidator({}, { callLogLimit })).toThrow(
        expect.objectContaining({ code: 'invalid_config' }),
      )
    }
  })

  it('fails every call with the chosen upstream code while failing, logging each', async () => {
    const validator = new MemoryBlockValidator()
    await validator.start()
    validator.setFailing(true, 'upstream_unavailable')
    await expectCodedRejection(validator.blockFound(anAnnouncement()), 'upstream_unavailable')
    validator.setFailing(true)
    await expectCodedRejection(validator.subtreeFound(anAnnouncement()), 'upstream_failed')
    validator.setFailing(false)
    await expect(validator.blockFound(anAnnouncement())).resolves.toBeUndefined()
    expect(validator.calls).toHaveLength(3)
  })

  it('holds calls until release, answering them all', async () => {
    const validator = new MemoryBlockValidator()
    await validator.start()
    validator.hold()
    let settled = 0
    const calls = [validator.blockFound(anAnnouncement()), validator.subtreeFound(anAnnouncement())].map(
      (p) => p.then(() => settled++),
    )
    await waitFor(() => validator.heldCount === 2, { what: 'two held calls' })
    expect(settled).toBe(0)
    validator.release()
    await Promise.all(calls)
    expect(settled).toBe(2)
    expect(validator.heldCount).toBe(0)
    expect(validator.callsOf('subtree')).toHaveLength(1)
  })

  it('maps abort reasons to codes: timeout to upstream_timeout, a plain abort to stopped', async () => {
    const validator = new MemoryBlockValidator()
    await validator.start()
    validator.hold()
    const timeout = new AbortController()
    const plain = new AbortController()
    const timedOut = validator.blockFound(anAnnouncement(), timeout.signal)
    const aborted = validator.blockFound(anAnnouncement(), plain.signal)
    timeout.abort(new DOMException('deadline', 'TimeoutError'))
    plain.abort()
    await expectCodedRejection(timedOut, 'upstream_timeout')
    await expectCodedRejection(aborted, 'stopped')
    expect(validator.heldCount).toBe(0)
  })

  it('fails the next n calls with the given code', async () => {
    const validator = new MemoryBlockValidator()
    await validator.start()
    validator.failNext(1, 'upstream_timeout')
    await expectCodedRejection(validator.subtreeFound(anAnnouncement()), 'upstream_timeout')
    await expect(validator.subtreeFound(anAnnouncement())).resolves.toBeUndefined()
    validator.setUnavailable(true)
    expect(validator.status().state).toBe('down')
    await expectCodedRejection(validator.blockFound(anAnnouncement()), 'upstream_unavailable')
  })

  it('fails every failEvery-th call that reaches it with a plain, uncoded Error, logging each', async () => {
    const validator = new MemoryBlockValidator({}, { failEvery: 3 })
    await validator.start()
    const outcomes: string[] = []
    for (let i = 0; i < 7; i++) {
      await validator.blockFound(anAnnouncement()).then(
        () => outcomes.push('ok'),
        (error: unknown) => {
          expect(error).toBeInstanceOf(Error)
          expect(error).not.toHaveProperty('code')
          outcomes.push((error as Error).message)
        },
      )
    }
    expect(outcomes).toEqual(['ok', 'ok', 'fetch failed', 'ok', 'ok', 'fetch failed', 'ok'])
    expect(validator.callCount).toBe(7)
    expect(() => new MemoryBlockValidator({}, { failEvery: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    )
  })

  it('counts every call that reached it, forgotten ones included', async () => {
    const validator = new MemoryBlockValidator({}, { callLogLimit: 2 })
    await validator.start()
    for (let i = 0; i < 5; i++) await validator.subtreeFound(anAnnouncement())
    await expectCodedRejection(
      validator.stop().then(() => validator.blockFound(anAnnouncement())),
      'stopped',
    )
    expect(validator.calls).toHaveLength(2)
    expect(validator.callCount).toBe(5)
  })
})
