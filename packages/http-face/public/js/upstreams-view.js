// @ts-check
/** The node services panel: each upstream's state, how long in it, and how its calls fare. */

import { $, all, el } from './dom.js'
import { formatDuration, isCount, plural } from './format.js'
import { isRecord } from './status-poller.js'

/** @import { StatusAnswer } from './status-poller.js' */

/** @type {ReadonlySet<unknown>} */
const STATES = new Set(['up', 'connecting', 'down'])

/**
 * @param {unknown} upstreams
 * @param {number} fetchedAt When the answer came: the server's durations count from then.
 */
export function renderUpstreams(upstreams, fetchedAt) {
  const items = []
  if (isRecord(upstreams)) {
    for (const [name, upstream] of Object.entries(upstreams)) {
      if (!isRecord(upstream)) continue
      const state = STATES.has(upstream.state) ? String(upstream.state) : 'unknown'
      const item = el('li', `upstream s-${state}`)
      item.dataset.testid = 'upstream'
      item.dataset.state = state
      item.append(el('span', `state-badge s-${state}`, state), el('span', 'upstream-name', name))
      const meta = el('span', 'upstream-meta')
      if (typeof upstream.sinceMs === 'number' && upstream.sinceMs > 0) {
        const since = el(
          'span',
          'since muted',
          `for ${formatDuration((Date.now() - upstream.sinceMs) / 1000)}`,
        )
        since.title = `since ${new Date(upstream.sinceMs).toISOString()}`
        meta.append(since)
      }
      const quiet = quietSpan(upstream, fetchedAt)
      if (quiet !== undefined) meta.append(quiet)
      const counts = countsSpan(upstream)
      if (counts !== undefined) meta.append(counts)
      if (meta.childElementCount > 0) item.append(meta)
      if (typeof upstream.detail === 'string' && upstream.detail !== '') {
        item.append(el('span', 'upstream-detail', upstream.detail))
      }
      items.push(item)
    }
  }
  if (items.length === 0) items.push(el('li', 'muted', 'None reported.'))
  $('upstreams').replaceChildren(...items)
}

/**
 * Moves every "quiet …" on to now, between status polls.
 * @param {number} now
 */
export function renderQuietTimes(now) {
  for (const quiet of all('[data-testid="upstream-quiet"]', HTMLElement)) renderQuiet(quiet, now)
}

/**
 * "quiet 2m 10s": how long an open subscription has heard nothing (a quiet chain is not a broken
 * one). Counted on the browser's clock from the server's figure, so clock skew does not matter.
 * @param {StatusAnswer} upstream
 * @param {number} fetchedAt
 */
function quietSpan(upstream, fetchedAt) {
  if (!isCount(upstream.quietForMs)) return undefined
  const span = el('span', 'quiet')
  span.dataset.testid = 'upstream-quiet'
  span.dataset.quietSince = String(fetchedAt - upstream.quietForMs)
  span.title = isCount(upstream.lastMessageMs)
    ? `last message ${new Date(upstream.lastMessageMs).toISOString()}`
    : 'nothing received since the subscription opened'
  renderQuiet(span, fetchedAt)
  return span
}

/**
 * @param {HTMLElement} span
 * @param {number} now
 */
function renderQuiet(span, now) {
  const since = Number(span.dataset.quietSince)
  const text = `quiet ${formatDuration((now - since) / 1000)}`
  if (span.textContent !== text) span.textContent = text
}

/**
 * Failed and re-opened subscription calls, once there are any.
 * @param {StatusAnswer} upstream
 */
function countsSpan(upstream) {
  const failures = isCount(upstream.failures) ? upstream.failures : 0
  const reconnects = isCount(upstream.reconnects) ? upstream.reconnects : 0
  if (failures === 0 && reconnects === 0) return undefined
  const span = el(
    'span',
    'counts muted',
    `${plural(failures, 'failure')}, ${plural(reconnects, 'reconnect')}`,
  )
  span.dataset.testid = 'upstream-counts'
  span.title = 'subscription calls that failed since start, and calls opened again after a failure'
  return span
}
