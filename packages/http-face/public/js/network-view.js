// @ts-check
/**
 * The network view: one row per node, keyed by peer id. A node that says how it is (node_status
 * notifications, the teranode wire) is shown from its latest status; every node that announces
 * something also tells, by its announcements, that it is there, its best block (the height and
 * hash of the last block or mining-on it announced) and its data hub, which is all the spec's
 * wire tells of a peer. A status wins over what announcements tell. A node with a status is
 * dropped after 5 minutes of silence, as the node's own book forgets it (it says how it is every
 * 10 s); one known only from announcements after 30, since blocks may be ten minutes apart.
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
export const ANNOUNCER_STALE_AFTER_MS = 30 * 60_000
/** The node keeps at most a thousand; a page that shows more helps nobody. */
const MAX_NODES = 1_000

/**
 * @typedef {object} Told What a node's announcements tell.
 * @property {number | undefined} height
 * @property {string | undefined} hash
 * @property {string | undefined} baseUrl
 */

/**
 * @typedef {object} KnownNode
 * @property {WireNotification | undefined} n The latest status frame, if the node sent one.
 * @property {number} statusAt When that status was sent (0 without one).
 * @property {Told} told
 * @property {number} seenAt When the node last spoke, by the frame's timestamp where it has one.
 */

/** Announcements that say the author is there; block and mining-on also say its best block. */
const ANNOUNCING = new Set(['block', 'subtree', 'mining_on', 'rejected_tx'])

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
  const at = sentAt(n, receivedAt)
  const known = nodes.get(n.peer_id)
  if (known !== undefined && known.statusAt > at) return
  remember(n.peer_id, {
    n,
    statusAt: at,
    told: known?.told ?? { height: undefined, hash: undefined, baseUrl: undefined },
    seenAt: Math.max(at, known?.seenAt ?? 0),
  })
}

/**
 * Takes an announcement frame (block, subtree, mining-on, rejected tx); others are ignored.
 * @param {WireNotification} n
 * @param {number} receivedAt
 */
export function noteAnnouncement(n, receivedAt) {
  if (!ANNOUNCING.has(n.type) || typeof n.peer_id !== 'string' || n.peer_id === '') return
  const at = sentAt(n, receivedAt)
  const known = nodes.get(n.peer_id)
  const told = { ...(known?.told ?? { height: undefined, hash: undefined, baseUrl: undefined }) }
  if (typeof n.base_url === 'string' && n.base_url !== '') told.baseUrl = n.base_url
  const claimsTip = n.type === 'block' || n.type === 'mining_on'
  if (claimsTip && isCount(n.height) && typeof n.hash === 'string' && n.height >= (told.height ?? -1)) {
    told.height = n.height
    told.hash = n.hash
  }
  remember(n.peer_id, {
    n: known?.n,
    statusAt: known?.statusAt ?? 0,
    told,
    seenAt: Math.max(at, known?.seenAt ?? 0),
  })
}

/**
 * A new client is first sent what the node already knew, stamped when it arrived there; a stamp
 * ahead of our clock is skew, not news, so it counts as now.
 * @param {WireNotification} n
 * @param {number} receivedAt
 */
function sentAt(n, receivedAt) {
  const stamped = parseTimestamp(n.timestamp)
  return stamped === undefined ? receivedAt : Math.min(stamped, receivedAt)
}

/**
 * @param {string} peerId
 * @param {KnownNode} known
 */
function remember(peerId, known) {
  nodes.delete(peerId)
  nodes.set(peerId, known)
  // Map order is last-heard order: the first key is the one heard from longest ago.
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
    if (now - known.seenAt > (known.n === undefined ? ANNOUNCER_STALE_AFTER_MS : STALE_AFTER_MS)) {
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
  const rows = [...nodes.entries()]
    .sort(([idA, a], [idB, b]) => height(b) - height(a) || idA.localeCompare(idB))
    .map(([peerId, known]) => nodeRow(peerId, known, now, selfPeerId))
  body.replaceChildren(...rows)
  $('network-count').textContent = formatCount(rows.length)
  $('network-empty').hidden = rows.length > 0
}

/**
 * The best block a node is known to be at: its status's, else what it announced.
 * @param {KnownNode} known
 * @returns {{ height: number, hash: string | undefined }}
 */
function bestOf({ n, told }) {
  if (n !== undefined && isCount(n.best_height)) {
    return {
      height: n.best_height,
      hash: typeof n.best_block_hash === 'string' ? n.best_block_hash : undefined,
    }
  }
  return { height: told.height ?? -1, hash: told.hash }
}

/** @param {KnownNode} known */
function height(known) {
  return bestOf(known).height
}

/**
 * @param {string} peerId
 * @param {KnownNode} known
 * @param {number} now
 * @param {string | undefined} selfPeerId
 */
function nodeRow(peerId, known, now, selfPeerId) {
  const { n, told, seenAt } = known
  const tr = el('tr')
  tr.dataset.testid = 'network-row'
  tr.dataset.peerId = peerId
  tr.dataset.source = n === undefined ? 'announcements' : 'status'
  const peer = el('td', 'peer')
  const code = el('code', '', shortPeer(peerId))
  code.title = told.baseUrl === undefined ? peerId : `${peerId}\ndata hub ${told.baseUrl}`
  peer.append(code)
  if (peerId === selfPeerId) peer.append(' ', el('span', 'self', 'self'))
  tr.append(peer)
  tr.append(text('client', orDash(n?.client_name)))
  tr.append(text('version', orDash(n?.version)))
  const best = bestOf(known)
  tr.append(text('height num', best.height >= 0 ? formatCount(best.height) : '—'))
  const hash = el('td', 'hash')
  hash.dataset.testid = 'network-hash'
  if (best.hash !== undefined && best.hash !== '') {
    const hashCode = el('code', '', shortHash(best.hash))
    hashCode.title = best.hash
    hash.append(hashCode)
  } else hash.textContent = '—'
  tr.append(hash)
  tr.append(text('fsm', orDash(n?.fsm_state)))
  tr.append(text('listen', orDash(n?.listen_mode)))
  tr.append(text('uptime num', isCount(n?.uptime) ? formatDuration(n.uptime) : '—'))
  // Omitted when 0 (Go's omitempty), so a status without a count is a node with no peers; a node
  // known only from its announcements does not say.
  const peers =
    n === undefined ? '—' : isCount(n.connected_peers_count) ? formatCount(n.connected_peers_count) : '0'
  tr.append(text('peers num', peers))
  tr.append(text('storage', orDash(n?.storage)))
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
