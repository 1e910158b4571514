// @ts-check
/**
 * The network view: one row per node that said how it is (node_status notifications), keyed by
 * peer id, the latest status winning. A node not heard from for 5 minutes is dropped, as the
 * node's own book forgets it: it says how it is every 10 s, so silence that long means it left.
 */

import { $, el } from './dom.js'
import {
  formatAgo,
  formatCount,
  formatDuration,
  isCount,
  orDash,
  parseTimestamp,
  shortHash,
  shortPeer,
} from './format.js'

/** @import { WireNotification } from './notifications.js' */

export const STALE_AFTER_MS = 5 * 60_000
/** The node keeps at most a thousand; a page that shows more helps nobody. */
const MAX_NODES = 1_000

/**
 * @typedef {object} KnownNode
 * @property {WireNotification} n The latest status frame.
 * @property {number} seenAt When the node last spoke, by the frame's timestamp where it has one.
 */

/** @type {Map<string, KnownNode>} */
const nodes = new Map()
let dirty = true

/**
 * Takes a node_status frame; other frames and ones without a peer id are ignored.
 * @param {WireNotification} n
 * @param {number} receivedAt
 */
export function noteNodeStatus(n, receivedAt) {
  if (n.type !== 'node_status' || typeof n.peer_id !== 'string' || n.peer_id === '') return
  // A new client is first sent what the node already knew, stamped when it arrived there; a
  // stamp ahead of our clock is skew, not news, so it counts as now.
  const stamped = parseTimestamp(n.timestamp)
  const seenAt = stamped === undefined ? receivedAt : Math.min(stamped, receivedAt)
  const previous = nodes.get(n.peer_id)
  if (previous !== undefined && previous.seenAt > seenAt) return
  nodes.delete(n.peer_id)
  nodes.set(n.peer_id, { n, seenAt })
  // Map order is arrival order: the first key is the one heard from longest ago.
  while (nodes.size > MAX_NODES) nodes.delete(/** @type {string} */ (nodes.keys().next().value))
  dirty = true
}

/**
 * Drops stale nodes and redraws: every status changes the rows, and time changes "last seen".
 * @param {number} now
 * @param {string | undefined} selfPeerId
 */
export function renderNetwork(now, selfPeerId) {
  for (const [peerId, known] of nodes) {
    if (now - known.seenAt > STALE_AFTER_MS) {
      nodes.delete(peerId)
      dirty = true
    }
  }
  const body = $('network')
  if (!dirty && body.childElementCount === nodes.size) {
    for (const cell of body.querySelectorAll('td.seen')) {
      if (cell instanceof HTMLElement) cell.textContent = formatAgo(now - Number(cell.dataset.seenAt))
    }
    return
  }
  dirty = false
  const rows = [...nodes.values()]
    .sort((a, b) => height(b.n) - height(a.n) || String(a.n.peer_id).localeCompare(String(b.n.peer_id)))
    .map((known) => nodeRow(known, now, selfPeerId))
  body.replaceChildren(...rows)
  $('network-count').textContent = formatCount(rows.length)
  $('network-empty').hidden = rows.length > 0
}

/** @param {WireNotification} n */
function height(n) {
  return isCount(n.best_height) ? n.best_height : -1
}

/**
 * @param {KnownNode} known
 * @param {number} now
 * @param {string | undefined} selfPeerId
 */
function nodeRow({ n, seenAt }, now, selfPeerId) {
  const tr = el('tr')
  tr.dataset.testid = 'network-row'
  const peerId = String(n.peer_id)
  tr.dataset.peerId = peerId
  const peer = el('td', 'peer')
  const code = el('code', '', shortPeer(peerId))
  code.title = peerId
  peer.append(code)
  if (peerId === selfPeerId) peer.append(' ', el('span', 'self', 'self'))
  tr.append(peer)
  tr.append(text('client', orDash(n.client_name)))
  tr.append(text('version', orDash(n.version)))
  tr.append(text('height num', isCount(n.best_height) ? formatCount(n.best_height) : '—'))
  const hash = el('td', 'hash')
  hash.dataset.testid = 'network-hash'
  if (typeof n.best_block_hash === 'string' && n.best_block_hash !== '') {
    const hashCode = el('code', '', shortHash(n.best_block_hash))
    hashCode.title = n.best_block_hash
    hash.append(hashCode)
  } else hash.textContent = '—'
  tr.append(hash)
  tr.append(text('fsm', orDash(n.fsm_state)))
  tr.append(text('listen', orDash(n.listen_mode)))
  tr.append(text('uptime num', isCount(n.uptime) ? formatDuration(n.uptime) : '—'))
  // Omitted when 0 (Go's omitempty), so a missing count is a node with no peers.
  tr.append(text('peers num', isCount(n.connected_peers_count) ? formatCount(n.connected_peers_count) : '0'))
  tr.append(text('storage', orDash(n.storage)))
  const seen = text('seen', formatAgo(now - seenAt))
  seen.dataset.seenAt = String(seenAt)
  seen.title = new Date(seenAt).toISOString()
  tr.append(seen)
  return tr
}

/**
 * @param {string} className
 * @param {string} value
 */
function text(className, value) {
  const td = el('td', className, value)
  td.dataset.testid = `network-${className.split(' ')[0]}`
  return td
}
