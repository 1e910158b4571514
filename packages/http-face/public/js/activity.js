// @ts-check
/**
 * The activity panel: a counter per type and, per data type, a sparkline of the last ten minutes.
 * Everything received is counted, whether the feed is paused or filters it out or not.
 */

import { $, all } from './dom.js'
import { formatCount } from './format.js'
import { DATA_TYPES, isNotificationType, LABELS } from './notifications.js'
import { drawSparkline } from './sparkline.js'

/** @import { NotificationType } from './notifications.js' */

const BUCKET_MS = 10_000
const BUCKETS = 60

/** @type {Record<NotificationType, number>} */
const counts = { block: 0, subtree: 0, mining_on: 0, rejected_tx: 0, node_status: 0, PING: 0 }
/**
 * Per data type (PING has none): bucket index (epoch ms / 10 s) → messages in it.
 * @type {ReadonlyMap<NotificationType, Map<number, number>>}
 */
const buckets = new Map(DATA_TYPES.map((type) => [type, new Map()]))
/** Coalesces a burst of notifications into one redraw per frame. */
let dirty = true

/**
 * @param {NotificationType} type
 * @param {number} now
 */
export function countNotification(type, now) {
  counts[type]++
  const map = buckets.get(type)
  if (map !== undefined) {
    const bucket = Math.floor(now / BUCKET_MS)
    map.set(bucket, (map.get(bucket) ?? 0) + 1)
  }
  scheduleRender()
}

export function scheduleRender() {
  dirty = true
  window.requestAnimationFrame(() => renderActivity())
}

/** Draws now, dirty or not: the charts move along with time even when nothing arrives. */
export function redrawActivity() {
  dirty = true
  renderActivity()
}

function renderActivity() {
  if (!dirty) return
  dirty = false
  for (const type of DATA_TYPES) {
    const text = formatCount(counts[type])
    const counter = $(`count-${type}`)
    if (counter.textContent !== text) counter.textContent = text
  }
  const pings = `PINGs received: ${formatCount(counts.PING)}`
  const ping = $('count-PING')
  if (ping.textContent !== pings) ping.textContent = pings
  drawSparklines()
}

function drawSparklines() {
  const current = Math.floor(Date.now() / BUCKET_MS)
  for (const canvas of all('canvas.spark', HTMLCanvasElement)) {
    const type = canvas.dataset.type
    if (!isNotificationType(type)) continue
    const map = buckets.get(type)
    if (map === undefined) continue
    for (const key of map.keys()) if (key <= current - BUCKETS) map.delete(key)
    const values = []
    for (let i = BUCKETS - 1; i >= 0; i--) values.push(map.get(current - i) ?? 0)
    drawSparkline(canvas, values)
    const total = values.reduce((a, b) => a + b, 0)
    const peak = Math.max(...values)
    const label = `${LABELS[type]}: ${total} in the last 10 minutes, at most ${peak} per 10 seconds`
    if (canvas.getAttribute('aria-label') !== label) canvas.setAttribute('aria-label', label)
    canvas.title = label
  }
}
