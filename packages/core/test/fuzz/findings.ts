import type { Notification } from '@p2p/domain'
import type { MemoryBlockValidator, MemoryNotificationSink } from '@p2p/testkit'
import { announcementKey, type Expectation } from './oracle.js'

/** JSON for a report line; bigints (mining-on sizes) as text. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
}

export function preview(data: Uint8Array): string {
  return JSON.stringify(new TextDecoder().decode(data.slice(0, 300)))
}

const hashOf = (n: Notification | undefined): string | undefined =>
  n !== undefined && 'hash' in n ? n.hash : undefined

/**
 * What the fuzz run found wrong, counted always and described for the first few (a systematic
 * fault must not cost the run), and the hand-offs the oracle allowed, for fallbacks made later.
 */
export class Findings {
  count = 0
  readonly described: string[] = []
  readonly eligible = new Set<string>()
  handoffsAsJudged = 0
  notifications = 0

  constructor(
    private readonly validator: MemoryBlockValidator,
    private readonly sink: MemoryNotificationSink,
  ) {}

  /** Which payload is being judged (`#index` within its kind), to find it again on a replay. */
  at = ''

  violate(describe: () => string): void {
    if (this.count++ < 20) this.described.push(`${this.at} ${describe()}`.trim())
  }

  /** What one payload led to there and then (hand-offs, notifications), against what was expected. */
  check(where: string, expected: Expectation, handoffsBefore: number, notifiedBefore: number): void {
    const kind = where === 'direct' ? 'block' : where
    const wanted = expected.handoff && announcementKey(kind, expected.handoff)
    if (wanted) this.eligible.add(wanted)
    const made = this.validator.callCount - handoffsBefore
    const calls = made > 0 ? this.validator.calls.slice(-made) : []
    this.handoffsAsJudged += calls.length
    if (calls.length > 1) this.violate(() => `${where}: ${calls.length} hand-offs for one payload`)
    for (const call of calls) {
      if (announcementKey(call.kind, call.announcement) !== wanted)
        this.violate(() => `${where}: handed off ${show(call)} against ${show(expected)}`)
    }
    const notified = this.sink.count - notifiedBefore
    this.notifications += notified
    const last = this.sink.notifications.at(-1)
    if (notified > 1 || (notified === 1 && (!expected.valid || hashOf(last) !== expected.hash))) {
      this.violate(() => `${where}: notified ${show(last)} against ${show(expected)}`)
    }
  }

  /** Every hand-off made, fallbacks included, must be one some payload the oracle passed asked for. */
  checkAllHandoffs(): void {
    this.at = 'after the run:'
    const { calls, callCount } = this.validator
    if (calls.length < callCount)
      this.violate(() => `the validator kept ${calls.length} of ${callCount} hand-offs`)
    const stray = calls.filter((call) => !this.eligible.has(announcementKey(call.kind, call.announcement)))
    for (const call of stray.slice(0, 5)) this.violate(() => `hand-off nobody valid announced: ${show(call)}`)
  }
}
