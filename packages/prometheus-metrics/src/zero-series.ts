import {
  CLIENT_CLOSE_REASONS,
  type DirectReplyOutcome,
  type ErrorCode,
  type GossipVerdict,
  type HandoffKind,
  type HandoffOutcome,
  NOTIFICATION_TYPES,
  TOPIC_KINDS,
  UPSTREAM_SERVICES,
} from '@p2p/domain'
import type { Metrics } from './metric-definitions.js'

// The domain has these unions only as types; a `Record` over each makes a new member a compile
// error here instead of a series that silently starts life missing.
const VERDICTS = keys<GossipVerdict>({ accept: true, ignore: true, reject: true })
const HANDOFF_KINDS = keys<HandoffKind>({ block: true, subtree: true })
const HANDOFF_OUTCOMES = keys<HandoffOutcome>({ ok: true, failed: true, dropped: true })
const REPLY_OUTCOMES = keys<DirectReplyOutcome>({ ok: true, failed: true, dropped: true })

function keys<K extends string>(all: Record<K, true>): readonly K[] {
  return Object.keys(all) as K[]
}

/**
 * The codes a failed subscription is counted under. Crossed with an error code, but only these
 * three ever occur, and the first failure of a subscription is exactly what an alert wants to see.
 */
const SUBSCRIPTION_FAILURE_CODES = [
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_failed',
] as const satisfies readonly ErrorCode[]

/**
 * Creates every series of the small closed label sets at 0, so they are exposed from the first
 * scrape: `rate()` and `increase()` miss the first event of a series that appears only with it,
 * and an alert on "no block hand-off succeeded" needs the `ok` series to exist before one does.
 * Histograms are not zeroed: 15 lines per series for nothing, and their counter twins exist.
 * The sets crossed with an error code (publish failures, refused inputs, upstream calls) stay
 * lazy, subscription failures excepted (above): hundreds of zero series that almost never move would only bloat every scrape.
 */
export function zeroClosedSeries(m: Metrics): void {
  for (const topic of TOPIC_KINDS) {
    m.received.inc({ topic }, 0)
    m.receivedBytes.inc({ topic }, 0)
    m.published.inc({ topic }, 0)
    for (const verdict of VERDICTS) m.verdicts.inc({ topic, verdict }, 0)
  }
  for (const kind of HANDOFF_KINDS) {
    for (const outcome of HANDOFF_OUTCOMES) m.handoffs.inc({ kind, outcome }, 0)
  }
  for (const type of NOTIFICATION_TYPES) {
    m.notified.inc({ type }, 0)
    m.wsNotifications.inc({ type }, 0)
    m.wsCopies.inc({ type }, 0)
    m.wsSkipped.inc({ type }, 0)
  }
  for (const outcome of REPLY_OUTCOMES) m.directReplies.inc({ outcome }, 0)
  for (const service of UPSTREAM_SERVICES) {
    m.resubscribes.inc({ service }, 0)
    for (const code of SUBSCRIPTION_FAILURE_CODES) m.subscriptionFailures.inc({ service, code }, 0)
  }
  for (const reason of CLIENT_CLOSE_REASONS) m.wsCloses.inc({ reason }, 0)
  m.sourceErrors.inc({ gauge: 'peers' }, 0)
  m.sourceErrors.inc({ gauge: 'readings' }, 0)
}
