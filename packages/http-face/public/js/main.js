// @ts-check
/**
 * The node's live dashboard, loaded by index.html as a native ES module: no build step and
 * nothing fetched from elsewhere, so it works offline under a CSP that allows only same-origin
 * scripts and styles. This module wires the others together and keeps time.
 */

import { countNotification, redrawActivity, scheduleRender } from './activity.js'
import { createConnection } from './connection.js'
import { renderConnectionDetail, renderConnectionState } from './connection-view.js'
import { $ } from './dom.js'
import { addToFeed, ignoreFrame, startFeed } from './feed.js'
import { noteAnnouncement, noteNodeStatus, renderNetwork } from './network-view.js'
import { readFrame } from './notifications.js'
import { createStatusPoller } from './status-poller.js'
import { renderStatus, renderStatusAge } from './status-view.js'

/** Countdowns, ages and charts move on this often, whether anything arrives or not. */
const TICK_MS = 500

const poller = createStatusPoller({
  onStatus: () => renderStatus(poller.snapshot),
  onError: () => renderStatusAge(poller.snapshot),
})

const connection = createConnection({
  onFrame,
  onState: (changed) => renderConnectionState(connection, changed),
  // The node may have restarted: its peers and uptime changed too.
  onLive: () => void poller.refresh(),
})

/** @param {unknown} data */
function onFrame(data) {
  const n = readFrame(data)
  if (n === undefined) {
    ignoreFrame()
    return
  }
  const now = Date.now()
  if (n.type === 'PING') connection.notePing(now)
  // Drawn on the next tick: a new connection brings every known node's status at once.
  if (n.type === 'node_status') noteNodeStatus(n, now)
  else noteAnnouncement(n, now)
  countNotification(n.type, now)
  addToFeed(n, now)
}

function nodePeerId() {
  const peerId = poller.snapshot.status?.peerId
  return typeof peerId === 'string' ? peerId : undefined
}

function tick() {
  renderConnectionDetail(connection)
  renderStatusAge(poller.snapshot)
  connection.checkSilence(Date.now())
  redrawActivity()
  renderNetwork(Date.now(), nodePeerId())
}

function start() {
  startFeed(nodePeerId)
  $('reconnect-now').addEventListener('click', connection.reconnectNow)
  window.addEventListener('online', connection.reconnectNow)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') connection.reconnectNow()
  })
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => scheduleRender())

  redrawActivity()
  renderNetwork(Date.now(), nodePeerId())
  connection.connect()
  void poller.refresh()
  setInterval(tick, TICK_MS)
}

start()
