/**
 * The node's live dashboard. Plain ES module, no build step and nothing fetched from elsewhere:
 * the page must work offline, under a CSP that allows only same-origin scripts and styles.
 *
 * Everything shown comes from the network (notifications relay what peers announced), so the
 * DOM is built with createElement/textContent only, and links are made only from http(s) URLs.
 */

const DATA_TYPES = ['block', 'subtree', 'mining_on', 'rejected_tx']
const TYPES = [...DATA_TYPES, 'PING']
const LABELS = {
  block: 'block',
  subtree: 'subtree',
  mining_on: 'mining on',
  rejected_tx: 'rejected tx',
  PING: 'PING',
}

/** Rows in the feed; older ones drop off the bottom. */
const MAX_ROWS = 200
/** Notifications remembered for re-filtering and resuming (all types, PINGs included). */
const MAX_KEPT = 600
const BACKOFF_START_MS = 500
const BACKOFF_MAX_MS = 10_000
/** The node sends a PING every 10 s: this long without any frame means the connection is dead. */
const SILENCE_LIMIT_MS = 25_000
/** An attempt that neither opens nor fails within this is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 10_000
const STATUS_INTERVAL_MS = 5_000
const BUCKET_MS = 10_000
const BUCKETS = 60
const TICK_MS = 500
const FILTER_KEY = 'p2p-dashboard.types'

const $ = (testid) => {
  const found = document.querySelector(`[data-testid="${testid}"]`)
  if (found === null) throw new Error(`the page has no ${testid}`)
  return found
}

/** `tag.class` with optional text; never parses markup. */
function el(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = String(text)
  return node
}

// ---------------------------------------------------------------- formatting

const clockFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
const countFormat = new Intl.NumberFormat()

function shortHash(hash) {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash
}

function shortPeer(id) {
  return id.length > 16 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id
}

function formatCount(value) {
  return countFormat.format(value)
}

function formatBytes(value) {
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

function formatDuration(totalSeconds) {
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

function formatAgo(ms) {
  return ms < 1500 ? 'just now' : `${formatDuration(ms / 1000)} ago`
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

function parseTimestamp(value) {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? ms : undefined
}

/** tx_count and size_in_bytes are uint64: keep them exact where the browser gives us the source text. */
function reviveBig(key, value, context) {
  if (
    (key === 'tx_count' || key === 'size_in_bytes') &&
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    typeof context?.source === 'string' &&
    /^\d+$/.test(context.source)
  ) {
    return BigInt(context.source)
  }
  return value
}

/** `${base_url}/block/${hash}` or `/subtree/`, only for an http(s) base and a hex hash. */
function dataHubLink(n) {
  const kind = n.type === 'subtree' ? 'subtree' : n.type === 'block' || n.type === 'mining_on' ? 'block' : ''
  if (kind === '' || typeof n.base_url !== 'string' || typeof n.hash !== 'string') return undefined
  if (!/^[0-9a-fA-F]{64}$/.test(n.hash)) return undefined
  let url
  try {
    url = new URL(n.base_url)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${kind}/${n.hash}`
  return url.href
}

// ---------------------------------------------------------------- state

const conn = {
  /** @type {WebSocket | null} */
  socket: null,
  state: 'connecting',
  everLive: false,
  backoffMs: BACKOFF_START_MS,
  /** When the pending retry fires; 0 while an attempt is under way or the socket is open. */
  retryAt: 0,
  retryTimer: 0,
  connectTimer: 0,
  openedAt: 0,
  lastFrameAt: 0,
  lastPingAt: 0,
  lastClose: '',
}

const counts = Object.fromEntries(TYPES.map((t) => [t, 0]))
/** Per type: bucket index (epoch ms / 10 s) → messages in it. */
const buckets = Object.fromEntries(DATA_TYPES.map((t) => [t, new Map()]))
/** Newest first. */
const kept = []
let sequence = 0
let ignoredFrames = 0

const feed = {
  paused: false,
  /** While paused, entries after this sequence number wait. */
  frozenAt: 0,
  shown: new Set(loadFilter()),
}

/** The node's last /status answer and when it came. */
const node = { status: undefined, fetchedAt: 0, error: '', inFlight: false, timer: 0 }

let dirty = true

// ---------------------------------------------------------------- connection

function websocketUrl() {
  const url = new URL('ws', window.location.href)
  url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.href
}

function connect() {
  clearTimeout(conn.retryTimer)
  conn.retryTimer = 0
  conn.retryAt = 0
  if (conn.socket !== null) return
  let socket
  try {
    socket = new WebSocket(websocketUrl())
  } catch (error) {
    conn.lastClose = String(error)
    scheduleReconnect()
    return
  }
  conn.socket = socket
  setState(conn.everLive ? 'reconnecting' : 'connecting')
  conn.connectTimer = setTimeout(() => {
    if (conn.socket === socket && socket.readyState !== WebSocket.OPEN)
      drop('the connection attempt timed out')
  }, CONNECT_TIMEOUT_MS)

  socket.addEventListener('open', () => {
    if (conn.socket !== socket) return
    clearTimeout(conn.connectTimer)
    conn.backoffMs = BACKOFF_START_MS
    conn.everLive = true
    conn.openedAt = Date.now()
    conn.lastFrameAt = conn.openedAt
    conn.lastClose = ''
    setState('live')
    // The node may have restarted: its peers and uptime changed too.
    refreshStatus()
  })
  socket.addEventListener('message', (event) => {
    if (conn.socket !== socket) return
    conn.lastFrameAt = Date.now()
    onFrame(event.data)
  })
  socket.addEventListener('close', (event) => {
    if (conn.socket !== socket) return
    clearTimeout(conn.connectTimer)
    conn.socket = null
    conn.lastClose = event.reason ? `closed: ${event.reason} (${event.code})` : `closed (${event.code})`
    scheduleReconnect()
  })
  // An error is always followed by close; nothing to do here.
}

/** Abandons the current socket (its late events are ignored) and schedules a retry. */
function drop(reason) {
  const socket = conn.socket
  conn.socket = null
  clearTimeout(conn.connectTimer)
  conn.lastClose = reason
  if (socket !== null) {
    try {
      socket.close(4000, 'dashboard gave up on this connection')
    } catch {
      // already closing
    }
  }
  scheduleReconnect()
}

function scheduleReconnect() {
  clearTimeout(conn.retryTimer)
  const delay = conn.backoffMs
  conn.backoffMs = Math.min(conn.backoffMs * 2, BACKOFF_MAX_MS)
  conn.retryAt = Date.now() + delay
  conn.retryTimer = setTimeout(connect, delay)
  setState('reconnecting')
}

function reconnectNow() {
  if (conn.socket !== null) return
  conn.backoffMs = BACKOFF_START_MS
  connect()
}

const STATE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting' }

function setState(state) {
  const changed = state !== conn.state
  conn.state = state
  const box = $('connection-state')
  box.dataset.state = state
  const label = box.querySelector('.conn-label')
  // Only a change is announced (the label is the polite live region); the countdown is not.
  if (label !== null && (changed || label.textContent !== STATE_LABELS[state])) {
    label.textContent = STATE_LABELS[state]
  }
  document.title = `${STATE_LABELS[state].replace('…', '')} · Teranode P2P`
  renderConnectionDetail()
}

function renderConnectionDetail() {
  const now = Date.now()
  let text = ''
  if (conn.state === 'live') {
    text = conn.lastPingAt > conn.openedAt ? `last PING ${formatAgo(now - conn.lastPingAt)}` : 'connected'
  } else if (conn.retryAt > 0) {
    text = `in ${Math.max(1, Math.ceil((conn.retryAt - now) / 1000))} s`
  } else {
    text = conn.state === 'reconnecting' ? 'trying now…' : ''
  }
  const detail = $('connection-detail')
  if (detail.textContent !== text) detail.textContent = text
  detail.title = conn.lastClose
  $('reconnect-now').hidden = conn.state !== 'reconnecting' || conn.socket !== null
}

// ---------------------------------------------------------------- notifications

function onFrame(data) {
  if (typeof data !== 'string') {
    ignoredFrames++
    return
  }
  let n
  try {
    n = JSON.parse(data, reviveBig)
  } catch {
    ignoredFrames++
    return
  }
  if (n === null || typeof n !== 'object' || !TYPES.includes(n.type)) {
    ignoredFrames++
    return
  }
  const now = Date.now()
  counts[n.type]++
  if (n.type === 'PING') conn.lastPingAt = now
  else {
    const bucket = Math.floor(now / BUCKET_MS)
    const map = buckets[n.type]
    map.set(bucket, (map.get(bucket) ?? 0) + 1)
  }
  const entry = { seq: ++sequence, n, receivedAt: now }
  kept.unshift(entry)
  if (kept.length > MAX_KEPT) kept.length = MAX_KEPT
  // Counters and charts count everything, paused or filtered out or not.
  scheduleRender()

  if (!feed.paused && feed.shown.has(n.type)) {
    const body = $('feed')
    body.prepend(row(entry))
    while (body.childElementCount > MAX_ROWS) body.lastElementChild?.remove()
  }
  renderFeedFoot()
}

function row({ n, receivedAt }) {
  const tr = el('tr', `t-${n.type}`)
  tr.dataset.testid = 'feed-row'
  tr.dataset.type = n.type

  const at = parseTimestamp(n.timestamp) ?? receivedAt
  const time = el('time', '', clockFormat.format(at))
  time.dateTime = new Date(at).toISOString()
  time.title = `${new Date(at).toISOString()}${n.timestamp === undefined ? ' (received)' : ''}`
  tr.append(cell(time, 'time'))

  tr.append(cell(el('span', `badge t-${n.type}`, LABELS[n.type]), 'type'))

  const hash = el('td', 'hash')
  if (typeof n.hash === 'string' && n.hash !== '') {
    const href = dataHubLink(n)
    if (href === undefined) {
      const code = el('code', '', shortHash(n.hash))
      code.title = n.hash
      hash.append(code)
    } else {
      const link = el('a', '', shortHash(n.hash))
      link.href = href
      link.target = '_blank'
      link.rel = 'noopener noreferrer'
      link.title = `${n.hash}\n${href}`
      hash.append(link)
    }
  } else hash.textContent = '—'
  hash.dataset.testid = 'feed-hash'
  tr.append(hash)

  const height = el('td', 'num height', typeof n.height === 'number' ? n.height : '—')
  height.dataset.label = 'height'
  tr.append(height)

  const peer = el('td', 'peer')
  peer.dataset.label = 'peer'
  if (typeof n.peer_id === 'string' && n.peer_id !== '') {
    const code = el('code', '', shortPeer(n.peer_id))
    code.title = n.peer_id
    peer.append(code)
    if (node.status?.peerId === n.peer_id) peer.append(' ', el('span', 'self', 'self'))
  } else peer.textContent = '—'
  tr.append(peer)

  tr.append(details(n))
  return tr
}

function cell(child, className) {
  const td = el('td', className)
  td.append(child)
  return td
}

function details(n) {
  const td = el('td', 'details')
  const parts = []
  if (typeof n.miner === 'string' && n.miner !== '') parts.push(['miner', n.miner])
  if (typeof n.tx_count === 'number' || typeof n.tx_count === 'bigint') {
    parts.push(['txs', `${formatCount(n.tx_count)} txs`])
  }
  if (typeof n.size_in_bytes === 'number' || typeof n.size_in_bytes === 'bigint') {
    parts.push(['size', formatBytes(n.size_in_bytes)])
  }
  if (typeof n.previousblockhash === 'string' && n.previousblockhash !== '') {
    const prev = el('code', '', `prev ${n.previousblockhash.slice(0, 8)}…`)
    prev.title = n.previousblockhash
    parts.push(['prev', prev])
  }
  if (typeof n.reason === 'string' && n.reason !== '') parts.push(['reason', n.reason])
  parts.forEach(([kind, value], i) => {
    const span = el('span', `detail ${kind}`)
    if (typeof value === 'string') span.textContent = value
    else span.append(value)
    // A space between the parts lets a narrow cell wrap there.
    if (i > 0) td.append(' ')
    td.append(span)
  })
  return td
}

/** Redraws the rows from what is kept: after a filter change or on resume. */
function rebuildFeed() {
  const rows = []
  for (const entry of kept) {
    if (feed.paused && entry.seq > feed.frozenAt) continue
    if (!feed.shown.has(entry.n.type)) continue
    rows.push(row(entry))
    if (rows.length >= MAX_ROWS) break
  }
  $('feed').replaceChildren(...rows)
  renderFeedFoot()
}

function renderFeedFoot() {
  const shown = $('feed').childElementCount
  const empty = $('feed-empty')
  empty.hidden = shown > 0
  if (shown === 0) {
    empty.textContent =
      kept.some((e) => feed.shown.has(e.n.type)) && !feed.paused
        ? 'No notifications match the filter.'
        : feed.shown.size === 0
          ? 'Every type is filtered out.'
          : 'Waiting for notifications…'
  }
  let text = `Showing ${shown} (at most ${MAX_ROWS}), newest first.`
  if (feed.paused) {
    const waiting = kept.filter((e) => e.seq > feed.frozenAt && feed.shown.has(e.n.type)).length
    text = `Paused: ${waiting}${waiting >= MAX_KEPT ? '+' : ''} new ${waiting === 1 ? 'notification' : 'notifications'} held back. ${text}`
  }
  if (ignoredFrames > 0) text += ` ${ignoredFrames} unreadable frames ignored.`
  const foot = $('feed-foot')
  if (foot.textContent !== text) foot.textContent = text
  const pause = $('pause')
  pause.textContent = feed.paused ? 'Resume' : 'Pause'
  pause.setAttribute('aria-pressed', String(feed.paused))
}

function loadFilter() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(FILTER_KEY) ?? 'null')
    if (Array.isArray(saved)) return saved.filter((t) => TYPES.includes(t))
  } catch {
    // storage disabled or garbage: use the defaults
  }
  return DATA_TYPES
}

function saveFilter() {
  try {
    window.localStorage.setItem(FILTER_KEY, JSON.stringify([...feed.shown]))
  } catch {
    // storage disabled: the filter lasts for this page only
  }
}

// ---------------------------------------------------------------- counters and sparklines

function scheduleRender() {
  dirty = true
  window.requestAnimationFrame(renderCounters)
}

function renderCounters() {
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
  for (const canvas of document.querySelectorAll('canvas.spark')) {
    const type = canvas.dataset.type
    const map = buckets[type]
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

function drawSparkline(canvas, values) {
  const width = canvas.clientWidth
  const height = canvas.clientHeight
  if (width === 0 || height === 0) return
  const ratio = window.devicePixelRatio || 1
  const pixelWidth = Math.round(width * ratio)
  const pixelHeight = Math.round(height * ratio)
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth
    canvas.height = pixelHeight
  }
  const context = canvas.getContext('2d')
  if (context === null) return
  const style = getComputedStyle(canvas)
  const color = style.getPropertyValue('--type-color').trim() || style.color
  const grid = style.getPropertyValue('--grid').trim() || 'rgba(128,128,128,0.3)'
  context.setTransform(ratio, 0, 0, ratio, 0, 0)
  context.clearRect(0, 0, width, height)
  context.fillStyle = grid
  context.fillRect(0, height - 1, width, 1)
  const peak = Math.max(1, ...values)
  const step = width / values.length
  context.fillStyle = color
  values.forEach((value, i) => {
    if (value === 0) return
    const bar = Math.max(2, (value / peak) * (height - 3))
    context.fillRect(i * step + 0.5, height - 1 - bar, Math.max(1, step - 1), bar)
  })
}

// ---------------------------------------------------------------- node status

async function refreshStatus() {
  if (node.inFlight) return
  node.inFlight = true
  clearTimeout(node.timer)
  try {
    const response = await fetch('status', { cache: 'no-store', headers: { accept: 'application/json' } })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const status = await response.json()
    if (status === null || typeof status !== 'object') throw new Error('not a status object')
    node.status = status
    node.fetchedAt = Date.now()
    node.error = ''
    renderStatus()
  } catch (error) {
    node.error = error instanceof Error ? error.message : String(error)
    renderStatusAge()
  } finally {
    node.inFlight = false
    node.timer = setTimeout(refreshStatus, STATUS_INTERVAL_MS)
  }
}

const orDash = (value, fallback = '—') => (typeof value === 'string' && value !== '' ? value : fallback)

function renderStatus() {
  const status = node.status
  if (status === undefined) return
  const peerId = orDash(status.peerId)
  $('node-version').textContent = `version ${orDash(status.version)}`
  const headerPeer = $('node-peer-id')
  headerPeer.textContent = `peer ${shortPeer(peerId)}`
  headerPeer.title = peerId
  $('node-peer-id-full').textContent = peerId
  $('node-version-full').textContent = orDash(status.version)
  $('node-ws-clients').textContent =
    typeof status.websocketClients === 'number' ? formatCount(status.websocketClients) : '—'

  const topics = $('node-topics')
  const topicItems = []
  if (status.topics !== null && typeof status.topics === 'object') {
    for (const [kind, name] of Object.entries(status.topics)) {
      const item = el('li')
      item.append(el('span', 'topic-kind', kind), ' ', el('code', '', String(name)))
      topicItems.push(item)
    }
  }
  topics.replaceChildren(...topicItems)
  $('node-topics-summary').textContent =
    `${topicItems.length} ${topicItems.length === 1 ? 'topic' : 'topics'}`

  renderUpstreams(status.upstreams)
  renderPeers(Array.isArray(status.peers) ? status.peers : [])
  renderStatusAge()
}

function renderUpstreams(upstreams) {
  const items = []
  if (upstreams !== null && typeof upstreams === 'object') {
    for (const [name, upstream] of Object.entries(upstreams)) {
      if (upstream === null || typeof upstream !== 'object') continue
      const state = ['up', 'connecting', 'down'].includes(upstream.state) ? upstream.state : 'unknown'
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
      const quiet = quietSpan(upstream)
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
 * "quiet 2m 10s": how long an open subscription has heard nothing (a quiet chain is not a broken
 * one). Counted on the browser's clock from the server's figure, so clock skew does not matter,
 * and kept current by the tick between status polls.
 */
function quietSpan(upstream) {
  if (!isCount(upstream.quietForMs)) return undefined
  const span = el('span', 'quiet')
  span.dataset.testid = 'upstream-quiet'
  span.dataset.quietSince = String(node.fetchedAt - upstream.quietForMs)
  span.title = isCount(upstream.lastMessageMs)
    ? `last message ${new Date(upstream.lastMessageMs).toISOString()}`
    : 'nothing received since the subscription opened'
  renderQuiet(span, node.fetchedAt)
  return span
}

function renderQuiet(span, now) {
  const since = Number(span.dataset.quietSince)
  const text = `quiet ${formatDuration((now - since) / 1000)}`
  if (span.textContent !== text) span.textContent = text
}

/** Failed and re-opened subscription calls, once there are any. */
function countsSpan(upstream) {
  const failures = isCount(upstream.failures) ? upstream.failures : 0
  const reconnects = isCount(upstream.reconnects) ? upstream.reconnects : 0
  if (failures === 0 && reconnects === 0) return undefined
  const plural = (n, word) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`
  const span = el(
    'span',
    'counts muted',
    `${plural(failures, 'failure')}, ${plural(reconnects, 'reconnect')}`,
  )
  span.dataset.testid = 'upstream-counts'
  span.title = 'subscription calls that failed since start, and calls opened again after a failure'
  return span
}

const isCount = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0

const MAX_PEERS_SHOWN = 100

function renderPeers(peers) {
  $('peer-count').textContent = formatCount(peers.length)
  const items = []
  for (const peer of peers.slice(0, MAX_PEERS_SHOWN)) {
    if (peer === null || typeof peer !== 'object' || typeof peer.id !== 'string') continue
    const item = el('li', 'peer-item')
    item.dataset.testid = 'peer'
    const id = el('code', 'peer-id', shortPeer(peer.id))
    id.title = peer.id
    item.append(id)
    const topics = el('span', 'peer-topics')
    for (const topic of Array.isArray(peer.topics) ? peer.topics : []) {
      topics.append(el('span', 'chip', String(topic)))
    }
    item.append(topics)
    const addresses = el('ul', 'addresses')
    for (const address of Array.isArray(peer.addresses) ? peer.addresses : []) {
      addresses.append(el('li', '', String(address)))
    }
    if (addresses.childElementCount > 0) item.append(addresses)
    items.push(item)
  }
  if (peers.length > MAX_PEERS_SHOWN) {
    items.push(el('li', 'muted', `and ${formatCount(peers.length - MAX_PEERS_SHOWN)} more`))
  }
  if (items.length === 0) items.push(el('li', 'muted', 'No peers connected.'))
  $('peers').replaceChildren(...items)
}

function renderStatusAge() {
  const status = node.status
  const now = Date.now()
  for (const quiet of document.querySelectorAll('[data-testid="upstream-quiet"]')) renderQuiet(quiet, now)
  const health = $('node-health')
  let healthState = 'unknown'
  let healthText = 'Health unknown'
  if (node.error !== '') {
    healthState = 'unknown'
    healthText = status === undefined ? 'Status unavailable' : 'Node unreachable'
  } else if (status !== undefined) {
    healthState = status.healthy === true ? 'healthy' : 'unhealthy'
    healthText =
      status.healthy === true ? 'Healthy' : `Unhealthy: ${orDash(status.reason, 'no reason given')}`
  }
  health.dataset.health = healthState
  if (health.textContent !== healthText) health.textContent = healthText

  if (status !== undefined && typeof status.uptimeSeconds === 'number') {
    const uptime = formatDuration(status.uptimeSeconds + (now - node.fetchedAt) / 1000)
    const target = $('node-uptime')
    if (target.textContent !== uptime) target.textContent = uptime
  }
  let updated = 'Status not loaded yet'
  if (status !== undefined) updated = `Status updated ${formatAgo(now - node.fetchedAt)}`
  if (node.error !== '') updated += ` · last poll failed (${node.error})`
  const target = $('status-updated')
  if (target.textContent !== updated) target.textContent = updated
}

// ---------------------------------------------------------------- wiring

function tick() {
  renderConnectionDetail()
  renderStatusAge()
  const now = Date.now()
  if (conn.state === 'live' && conn.socket !== null && now - conn.lastFrameAt > SILENCE_LIMIT_MS) {
    drop(`no PING for ${Math.round(SILENCE_LIMIT_MS / 1000)} s`)
  }
  dirty = true
  renderCounters()
}

function start() {
  for (const box of document.querySelectorAll('.filters input[type="checkbox"]')) {
    box.checked = feed.shown.has(box.value)
    box.addEventListener('change', () => {
      if (box.checked) feed.shown.add(box.value)
      else feed.shown.delete(box.value)
      saveFilter()
      rebuildFeed()
    })
  }
  $('pause').addEventListener('click', () => {
    feed.paused = !feed.paused
    feed.frozenAt = sequence
    rebuildFeed()
  })
  $('reconnect-now').addEventListener('click', reconnectNow)
  window.addEventListener('online', reconnectNow)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectNow()
  })
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => scheduleRender())

  renderFeedFoot()
  renderCounters()
  connect()
  refreshStatus()
  setInterval(tick, TICK_MS)
}

start()
