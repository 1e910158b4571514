// @ts-check
/** The connection indicator in the header, and the tab's title. */

import { $ } from './dom.js'
import { formatAgo } from './format.js'

/** @import { Connection } from './connection.js' */

/** @type {Readonly<Record<Connection['info']['state'], string>>} */
const STATE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting' }

/**
 * @param {Connection} connection
 * @param {boolean} changed
 */
export function renderConnectionState(connection, changed) {
  const state = connection.info.state
  const box = $('connection-state')
  box.dataset.state = state
  const label = box.querySelector('.conn-label')
  // The label is the polite live region: only a change is announced, never the countdown.
  if (label !== null && (changed || label.textContent !== STATE_LABELS[state])) {
    label.textContent = STATE_LABELS[state]
  }
  document.title = `${STATE_LABELS[state].replace('…', '')} · Teranode P2P`
  renderConnectionDetail(connection)
}

/**
 * The countdown to the next attempt, or how long ago the last PING came.
 * @param {Connection} connection
 */
export function renderConnectionDetail(connection) {
  const { state, retryAt, openedAt, lastPingAt, lastClose } = connection.info
  const now = Date.now()
  let text = ''
  if (state === 'live') {
    text = lastPingAt > openedAt ? `last PING ${formatAgo(now - lastPingAt)}` : 'connected'
  } else if (retryAt > 0) {
    text = `in ${Math.max(1, Math.ceil((retryAt - now) / 1000))} s`
  } else {
    text = state === 'reconnecting' ? 'trying now…' : ''
  }
  const detail = $('connection-detail')
  if (detail.textContent !== text) detail.textContent = text
  detail.title = lastClose
  $('reconnect-now').hidden = state !== 'reconnecting' || connection.hasSocket()
}
