import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { describeBlockValidatorCompliance } from '../compliance/block-validator-compliance.js'
import { expectCodedRejection } from '../compliance/coded-rejection.js'
import { anAnnouncement } from '../mothers/chain-mothers.js'
import { MemoryBlockValidator } from './memory-block-validator.js'

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
    setFailing: async (failing) =>
      failing ? validator.failNext(Number.POSITIVE_INFINITY, 'upstream_failed') : validator.clearFailures(),
    hold: async () => validator.hold(),
    release: async () => validator.release(),
    cleanup: async () => {},
  }
})

describe('MemoryBlockValidator', () => {
  it('rejects calls before start with not_started, still recording them', async () => {
    const validator = new MemoryBlockValidator()
    const announcement = anAnnouncement()
    await expectCodedRejection(validator.blockFound(announcement), 'not_started')
    expect(validator.calls).toEqual([{ kind: 'block', announcement }])
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
})
