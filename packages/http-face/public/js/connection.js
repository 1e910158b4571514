// @ts-check
/**
 * The websocket to the node. It comes back by itself: after a close, after an attempt that hangs,
 * and after a silence long enough that the connection must be dead though no close came.
 */

const BACKOFF_START_MS = 500
const BACKOFF_MAX_MS = 10_000
/** The node sends a PING every 10 s: this long without any frame means the connection is dead. */
const SILENCE_LIMIT_MS = 25_000
/** An attempt that neither opens nor fails within this is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 10_000

/** @typedef {'connecting' | 'live' | 'reconnecting'} ConnectionState */

/**
 * What the connection indicator shows.
 * @typedef {object} ConnectionInfo
 * @property {ConnectionState} state
 * @property {number} retryAt When the pending retry fires; 0 while an attempt is under way or the socket is open.
 * @property {number} openedAt
 * @property {number} lastPingAt
 * @property {string} lastClose Why the last socket ended, for the indicator's tooltip.
 */

/**
 * @typedef {object} ConnectionEvents
 * @property {(data: unknown) => void} onFrame
 * @property {() => void} onLive Opened, maybe again: the node may have restarted in between.
 * @property {(changed: boolean) => void} onState After every state update, changed or not.
 */

/** @typedef {ReturnType<typeof createConnection>} Connection */

/** The node's websocket endpoint, `ws` next to the page, on the page's scheme. */
function websocketUrl() {
  const url = new URL('ws', window.location.href)
  url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.href
}

/** @param {ConnectionEvents} events */
export function createConnection(events) {
  /** @type {WebSocket | null} */
  let socket = null
  let everLive = false
  let backoffMs = BACKOFF_START_MS
  let retryTimer = 0
  let connectTimer = 0
  let lastFrameAt = 0
  /** @type {ConnectionInfo} */
  const info = { state: 'connecting', retryAt: 0, openedAt: 0, lastPingAt: 0, lastClose: '' }

  /** @param {ConnectionState} state */
  function setState(state) {
    const changed = state !== info.state
    info.state = state
    events.onState(changed)
  }

  function connect() {
    clearTimeout(retryTimer)
    retryTimer = 0
    info.retryAt = 0
    if (socket !== null) return
    /** @type {WebSocket} */
    let opened
    try {
      opened = new WebSocket(websocketUrl())
    } catch (error) {
      info.lastClose = String(error)
      scheduleReconnect()
      return
    }
    socket = opened
    setState(everLive ? 'reconnecting' : 'connecting')
    connectTimer = setTimeout(() => {
      if (socket === opened && opened.readyState !== WebSocket.OPEN) drop('the connection attempt timed out')
    }, CONNECT_TIMEOUT_MS)

    // Events of a socket that was dropped arrive late and are ignored.
    opened.addEventListener('open', () => {
      if (socket !== opened) return
      clearTimeout(connectTimer)
      backoffMs = BACKOFF_START_MS
      everLive = true
      info.openedAt = Date.now()
      lastFrameAt = info.openedAt
      info.lastClose = ''
      setState('live')
      events.onLive()
    })
    opened.addEventListener('message', (event) => {
      if (socket !== opened) return
      lastFrameAt = Date.now()
      events.onFrame(event.data)
    })
    opened.addEventListener('close', (event) => {
      if (socket !== opened) return
      clearTimeout(connectTimer)
      socket = null
      info.lastClose = event.reason ? `closed: ${event.reason} (${event.code})` : `closed (${event.code})`
      scheduleReconnect()
    })
    // An error is always followed by close; nothing to do on it.
  }

  /**
   * Abandons the current socket and schedules a retry.
   * @param {string} reason
   */
  function drop(reason) {
    const abandoned = socket
    socket = null
    clearTimeout(connectTimer)
    info.lastClose = reason
    if (abandoned !== null) {
      try {
        abandoned.close(4000, 'dashboard gave up on this connection')
      } catch {
        // already closing
      }
    }
    scheduleReconnect()
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer)
    const delay = backoffMs
    backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS)
    info.retryAt = Date.now() + delay
    retryTimer = setTimeout(connect, delay)
    setState('reconnecting')
  }

  return {
    /** @type {Readonly<ConnectionInfo>} */
    info,
    connect,
    /** True while a socket is open or being opened. */
    hasSocket: () => socket !== null,
    /** Skips the backoff: the user asked, or the browser says the network or the tab is back. */
    reconnectNow() {
      if (socket !== null) return
      backoffMs = BACKOFF_START_MS
      connect()
    },
    /** @param {number} now */
    notePing(now) {
      info.lastPingAt = now
    },
    /** @param {number} now */
    checkSilence(now) {
      if (info.state === 'live' && socket !== null && now - lastFrameAt > SILENCE_LIMIT_MS) {
        drop(`no PING for ${Math.round(SILENCE_LIMIT_MS / 1000)} s`)
      }
    },
  }
}
