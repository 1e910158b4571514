// @ts-check
/**
 * The notification feed: newest first, filtered by type, pausable. What arrives while paused or
 * filtered out is kept, so resuming or widening the filter shows it.
 */

import { $, all } from './dom.js'
import { feedRow } from './feed-row.js'
import { DEFAULT_SHOWN, isNotificationType } from './notifications.js'

/** @import { WireNotification } from './notifications.js' */
/** @import { FeedEntry } from './feed-row.js' */

/** Rows in the feed; older ones drop off the bottom. */
const MAX_ROWS = 200
/** Notifications remembered for re-filtering and resuming (all types, PINGs included). */
const MAX_KEPT = 600
const FILTER_KEY = 'p2p-dashboard.types'

/**
 * Newest first.
 * @type {FeedEntry[]}
 */
const kept = []
let sequence = 0
let ignoredFrames = 0
let paused = false
/** While paused, entries after this sequence number wait. */
let frozenAt = 0
/**
 * The checked types; restored from the last visit by startFeed.
 * @type {Set<string>}
 */
const shown = new Set()
/** @type {() => string | undefined} */
let selfPeerId = () => undefined

/**
 * Wires the filter boxes and the pause button, and says the feed is waiting.
 * @param {() => string | undefined} nodePeerId The node's own peer id once /status has told it.
 */
export function startFeed(nodePeerId) {
  selfPeerId = nodePeerId
  for (const type of loadFilter()) shown.add(type)
  for (const box of all('.filters input[type="checkbox"]', HTMLInputElement)) {
    box.checked = shown.has(box.value)
    box.addEventListener('change', () => {
      if (box.checked) shown.add(box.value)
      else shown.delete(box.value)
      saveFilter()
      rebuildFeed()
    })
  }
  $('pause').addEventListener('click', () => {
    paused = !paused
    frozenAt = sequence
    rebuildFeed()
  })
  renderFeedFoot()
}

/**
 * @param {WireNotification} n
 * @param {number} receivedAt
 */
export function addToFeed(n, receivedAt) {
  const entry = { seq: ++sequence, n, receivedAt }
  kept.unshift(entry)
  if (kept.length > MAX_KEPT) kept.length = MAX_KEPT
  if (!paused && shown.has(n.type)) {
    const body = $('feed')
    body.prepend(feedRow(entry, selfPeerId()))
    while (body.childElementCount > MAX_ROWS) body.lastElementChild?.remove()
  }
  renderFeedFoot()
}

/** A frame that was not a notification; counted in the foot at its next redraw. */
export function ignoreFrame() {
  ignoredFrames++
}

/** Redraws the rows from what is kept: after a filter change or on resume. */
function rebuildFeed() {
  const rows = []
  const self = selfPeerId()
  for (const entry of kept) {
    if (paused && entry.seq > frozenAt) continue
    if (!shown.has(entry.n.type)) continue
    rows.push(feedRow(entry, self))
    if (rows.length >= MAX_ROWS) break
  }
  $('feed').replaceChildren(...rows)
  renderFeedFoot()
}

function renderFeedFoot() {
  const count = $('feed').childElementCount
  const empty = $('feed-empty')
  empty.hidden = count > 0
  if (count === 0) {
    empty.textContent =
      kept.some((e) => shown.has(e.n.type)) && !paused
        ? 'No notifications match the filter.'
        : shown.size === 0
          ? 'Every type is filtered out.'
          : 'Waiting for notifications…'
  }
  let text = `Showing ${count} (at most ${MAX_ROWS}), newest first.`
  if (paused) {
    const waiting = kept.filter((e) => e.seq > frozenAt && shown.has(e.n.type)).length
    text = `Paused: ${waiting}${waiting >= MAX_KEPT ? '+' : ''} new ${waiting === 1 ? 'notification' : 'notifications'} held back. ${text}`
  }
  if (ignoredFrames > 0) text += ` ${ignoredFrames} unreadable frames ignored.`
  const foot = $('feed-foot')
  if (foot.textContent !== text) foot.textContent = text
  const pause = $('pause')
  pause.textContent = paused ? 'Resume' : 'Pause'
  pause.setAttribute('aria-pressed', String(paused))
}

/** @returns {readonly string[]} */
function loadFilter() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(FILTER_KEY) ?? 'null')
    if (Array.isArray(saved)) return saved.filter(isNotificationType)
  } catch {
    // storage disabled or garbage: use the defaults
  }
  return DEFAULT_SHOWN
}

function saveFilter() {
  try {
    window.localStorage.setItem(FILTER_KEY, JSON.stringify([...shown]))
  } catch {
    // storage disabled: the filter lasts for this page only
  }
}
