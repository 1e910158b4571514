// @ts-check
/** Polls the node's /status every few seconds, and at once when asked (after a reconnect). */

const STATUS_INTERVAL_MS = 5_000

/**
 * The /status answer. The page reads it member by member and checks each, so an older or newer
 * node's answer shows what it can.
 * @typedef {{ readonly [member: string]: unknown }} StatusAnswer
 */

/**
 * A JSON object, read member by member.
 * @param {unknown} value
 * @returns {value is StatusAnswer}
 */
export function isRecord(value) {
  return value !== null && typeof value === 'object'
}

/**
 * The node's last /status answer and when it came.
 * @typedef {object} StatusSnapshot
 * @property {StatusAnswer | undefined} status
 * @property {number} fetchedAt
 * @property {string} error Why the last poll failed; '' after a good one.
 */

/**
 * @param {{ onStatus: () => void; onError: () => void }} events
 */
export function createStatusPoller(events) {
  /** @type {StatusSnapshot} */
  const snapshot = { status: undefined, fetchedAt: 0, error: '' }
  let inFlight = false
  let timer = 0

  async function refresh() {
    if (inFlight) return
    inFlight = true
    clearTimeout(timer)
    try {
      const response = await fetch('status', { cache: 'no-store', headers: { accept: 'application/json' } })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      /** @type {unknown} */
      const status = await response.json()
      if (!isRecord(status)) throw new Error('not a status object')
      snapshot.status = status
      snapshot.fetchedAt = Date.now()
      snapshot.error = ''
      events.onStatus()
    } catch (error) {
      snapshot.error = error instanceof Error ? error.message : String(error)
      events.onError()
    } finally {
      inFlight = false
      timer = setTimeout(refresh, STATUS_INTERVAL_MS)
    }
  }

  return {
    /** @type {Readonly<StatusSnapshot>} */
    snapshot,
    refresh,
  }
}
