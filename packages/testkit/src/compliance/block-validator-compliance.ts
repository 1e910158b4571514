import type { Announcement, BlockValidator, HandoffKind, Hash } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { anAnnouncement } from '../mothers/chain-mothers.js'
import { expectCodedRejection } from './coded-rejection.js'
import { upstreamLifecycleTests } from './upstream-lifecycle-tests.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** One call as the block validation service saw it. */
export interface ReceivedAnnouncement {
  readonly kind: HandoffKind
  readonly hash: Hash
  readonly baseUrl: string
}

/** A BlockValidator under test and the validation service behind it. */
export interface BlockValidatorHarness extends Cleanup {
  readonly validator: BlockValidator
  /** Every call the service has received so far, in arrival order, including unanswered ones. */
  received(): Promise<readonly ReceivedAnnouncement[]>
  /** From now on the service fails every call (true), or answers normally again (false). */
  setFailing(failing: boolean): Promise<void>
  /** From now on the service takes calls but leaves them unanswered until `release`. */
  hold(): Promise<void>
  /** Answers the calls being held, and stops holding. */
  release(): Promise<void>
}

const asReceived = (kind: HandoffKind, a: Announcement): ReceivedAnnouncement => ({
  kind,
  hash: a.hash,
  baseUrl: a.baseUrl,
})

export function describeBlockValidatorCompliance(
  name: string,
  setup: () => Promise<BlockValidatorHarness>,
): void {
  describe(`${name} (BlockValidator compliance)`, () => {
    const harness = useHarness(setup, async (h) => {
      await h.release()
      await h.validator.stop()
    })
    const started = async (): Promise<BlockValidatorHarness> => {
      const h = harness()
      await h.validator.start()
      await waitFor(() => h.validator.status().state === 'up', { what: `${name} up` })
      return h
    }
    const hasReceived = (h: BlockValidatorHarness, hash: Hash) => async () =>
      (await h.received()).some((call) => call.hash === hash)

    upstreamLifecycleTests(() => harness().validator)

    it('passes every call to the service with its exact hash and base URL, in order', async () => {
      const h = await started()
      const block = anAnnouncement({ baseUrl: 'http://datahub.example:18090/api/v1' })
      const subtree = anAnnouncement({ baseUrl: 'https://node-7.example.com/api/v1/' })
      const another = anAnnouncement({ peerId: '' })
      await h.validator.blockFound(block)
      await h.validator.subtreeFound(subtree)
      await h.validator.blockFound(another)
      expect(await h.received()).toEqual([
        asReceived('block', block),
        asReceived('subtree', subtree),
        asReceived('block', another),
      ])
    })

    it('passes concurrent calls through, none lost', async () => {
      const h = await started()
      const calls = Array.from({ length: 12 }, (_, i) => ({
        kind: (i % 3 === 0 ? 'subtree' : 'block') as HandoffKind,
        announcement: anAnnouncement(),
      }))
      await Promise.all(
        calls.map(({ kind, announcement }) =>
          kind === 'block' ? h.validator.blockFound(announcement) : h.validator.subtreeFound(announcement),
        ),
      )
      const byHash = (a: ReceivedAnnouncement, b: ReceivedAnnouncement) => a.hash.localeCompare(b.hash)
      expect([...(await h.received())].sort(byHash)).toEqual(
        calls.map(({ kind, announcement }) => asReceived(kind, announcement)).sort(byHash),
      )
    })

    it('rejects with an upstream_* P2PError while the service fails, and recovers after', async () => {
      const h = await started()
      await h.setFailing(true)
      await expectCodedRejection(h.validator.blockFound(anAnnouncement()), /^upstream_/)
      await expectCodedRejection(h.validator.subtreeFound(anAnnouncement()), /^upstream_/)
      await h.setFailing(false)
      await expect(h.validator.blockFound(anAnnouncement())).resolves.toBeUndefined()
    })

    it('rejects with a coded P2PError when the signal is already aborted', async () => {
      const h = await started()
      await expectCodedRejection(h.validator.blockFound(anAnnouncement(), AbortSignal.abort()))
      await expectCodedRejection(h.validator.subtreeFound(anAnnouncement(), AbortSignal.abort()))
    })

    it('rejects a call the service has not answered once its signal aborts', async () => {
      const h = await started()
      await h.hold()
      const aborter = new AbortController()
      const announcement = anAnnouncement()
      const call = h.validator.blockFound(announcement, aborter.signal)
      await waitFor(hasReceived(h, announcement.hash), { what: 'the held call to reach the service' })
      aborter.abort()
      await expectCodedRejection(call)
    })

    it('settles calls the service has not answered when it stops', async () => {
      const h = await started()
      await h.hold()
      const announcement = anAnnouncement()
      const call = h.validator.subtreeFound(announcement)
      await waitFor(hasReceived(h, announcement.hash), { what: 'the held call to reach the service' })
      await h.validator.stop()
      await expectCodedRejection(call)
    })
  })
}
