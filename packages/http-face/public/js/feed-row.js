// @ts-check
/**
 * One notification as a row of the feed table. What peers announced is shown as text; a hash
 * becomes a link only to an http(s) data hub (see dataHubLink).
 */

import { el } from './dom.js'
import { formatBytes, formatClock, formatCount, parseTimestamp, shortHash, shortPeer } from './format.js'
import { dataHubLink, LABELS } from './notifications.js'

/** @import { WireNotification } from './notifications.js' */

/**
 * A notification as the feed keeps it.
 * @typedef {object} FeedEntry
 * @property {number} seq Arrival order, for holding back what came while paused.
 * @property {WireNotification} n
 * @property {number} receivedAt
 */

/**
 * @param {FeedEntry} entry
 * @param {string | undefined} selfPeerId The node's own peer id, to mark what it announced.
 */
export function feedRow({ n, receivedAt }, selfPeerId) {
  const tr = el('tr', `t-${n.type}`)
  tr.dataset.testid = 'feed-row'
  tr.dataset.type = n.type

  const at = parseTimestamp(n.timestamp) ?? receivedAt
  const time = el('time', '', formatClock(at))
  time.dateTime = new Date(at).toISOString()
  time.title = `${new Date(at).toISOString()}${n.timestamp === undefined ? ' (received)' : ''}`
  tr.append(cell(time, 'time'))

  tr.append(cell(el('span', `badge t-${n.type}`, LABELS[n.type]), 'type'))
  tr.append(hashCell(n))

  // A node status has no height of its own; its best block's stands in.
  const shownHeight = n.type === 'node_status' ? n.best_height : n.height
  const height = el('td', 'num height', typeof shownHeight === 'number' ? shownHeight : '—')
  height.dataset.label = 'height'
  tr.append(height)

  const peer = el('td', 'peer')
  peer.dataset.label = 'peer'
  if (typeof n.peer_id === 'string' && n.peer_id !== '') {
    const code = el('code', '', shortPeer(n.peer_id))
    code.title = n.peer_id
    peer.append(code)
    if (selfPeerId === n.peer_id) peer.append(' ', el('span', 'self', 'self'))
  } else peer.textContent = '—'
  tr.append(peer)

  tr.append(details(n))
  return tr
}

/**
 * @param {Node} child
 * @param {string} className
 */
function cell(child, className) {
  const td = el('td', className)
  td.append(child)
  return td
}

/** @param {WireNotification} n */
function hashCell(n) {
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
  return hash
}

/** @param {WireNotification} n */
function details(n) {
  const td = el('td', 'details')
  /** @type {Array<[kind: string, value: string | Node]>} */
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
  if (n.type === 'node_status') {
    for (const [kind, value] of [
      ['client', n.client_name],
      ['version', n.version],
      ['fsm', n.fsm_state],
    ]) {
      if (typeof value === 'string' && value !== '') parts.push([String(kind), value])
    }
  }
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
