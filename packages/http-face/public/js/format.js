// @ts-check
/**
 * How numbers, times and identifiers read on the dashboard. No DOM here: the module also loads
 * in Node, where the tests import the page's modules.
 */

const clockFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
const countFormat = new Intl.NumberFormat()

/** @param {number} ms */
export function formatClock(ms) {
  return clockFormat.format(ms)
}

/** @param {string} hash */
export function shortHash(hash) {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash
}

/** @param {string} id */
export function shortPeer(id) {
  return id.length > 16 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id
}

/** @param {number | bigint} value */
export function formatCount(value) {
  return countFormat.format(value)
}

/** @param {number | bigint} value */
export function formatBytes(value) {
  const n = Number(value)
  if (!Number.isFinite(n)) return ''
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let scaled = n
  let unit = 0
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000
    unit++
  }
  return `${unit === 0 ? scaled : scaled.toFixed(scaled < 10 ? 2 : 1)} ${units[unit]}`
}

/** @param {number} totalSeconds */
export function formatDuration(totalSeconds) {
  let s = Math.max(0, Math.floor(totalSeconds))
  const d = Math.floor(s / 86_400)
  s -= d * 86_400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  if (d > 0) return `${d}d ${h}h ${m}m`
  if (h > 0) return `${h}h ${m}m ${s}s`
  if (m > 0) return `${m}m ${s}s`
  return `${s}s`
}

/** @param {number} ms */
export function formatAgo(ms) {
  return ms < 1500 ? 'just now' : `${formatDuration(ms / 1000)} ago`
}

/**
 * "3 failures", "1 reconnect".
 * @param {number} n
 * @param {string} word
 */
export function plural(n, word) {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/**
 * Epoch ms of a notification's `timestamp`, only in the one shape the node writes.
 * @param {unknown} value
 * @returns {number | undefined}
 */
export function parseTimestamp(value) {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? ms : undefined
}

/**
 * @param {unknown} value
 * @param {string} [fallback]
 */
export function orDash(value, fallback = '—') {
  return typeof value === 'string' && value !== '' ? value : fallback
}

/**
 * @param {unknown} value
 * @returns {value is number}
 */
export function isCount(value) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}
