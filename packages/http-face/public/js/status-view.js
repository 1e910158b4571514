// @ts-check
/**
 * What /status says about the node: its identity in the header and the node panel, its health,
 * and (through their own views) its services and peers. Ages and uptime move on between polls.
 */

import { $, el } from './dom.js'
import { formatAgo, formatCount, formatDuration, orDash, shortPeer } from './format.js'
import { renderPeers } from './peers-view.js'
import { isRecord } from './status-poller.js'
import { renderQuietTimes, renderUpstreams } from './upstreams-view.js'

/** @import { StatusSnapshot } from './status-poller.js' */

/** @param {Readonly<StatusSnapshot>} snapshot */
export function renderStatus(snapshot) {
  const status = snapshot.status
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

  const topicItems = []
  if (isRecord(status.topics)) {
    for (const [kind, name] of Object.entries(status.topics)) {
      const item = el('li')
      item.append(el('span', 'topic-kind', kind), ' ', el('code', '', String(name)))
      topicItems.push(item)
    }
  }
  $('node-topics').replaceChildren(...topicItems)
  $('node-topics-summary').textContent =
    `${topicItems.length} ${topicItems.length === 1 ? 'topic' : 'topics'}`

  renderUpstreams(status.upstreams, snapshot.fetchedAt)
  renderPeers(Array.isArray(status.peers) ? status.peers : [])
  renderStatusAge(snapshot)
}

/**
 * Health, uptime and how old the answer is; also after a failed poll, which keeps the last answer.
 * @param {Readonly<StatusSnapshot>} snapshot
 */
export function renderStatusAge({ status, fetchedAt, error }) {
  const now = Date.now()
  renderQuietTimes(now)
  const health = $('node-health')
  let healthState = 'unknown'
  let healthText = 'Health unknown'
  if (error !== '') {
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
    const uptime = formatDuration(status.uptimeSeconds + (now - fetchedAt) / 1000)
    const target = $('node-uptime')
    if (target.textContent !== uptime) target.textContent = uptime
  }
  let updated = 'Status not loaded yet'
  if (status !== undefined) updated = `Status updated ${formatAgo(now - fetchedAt)}`
  if (error !== '') updated += ` · last poll failed (${error})`
  const target = $('status-updated')
  if (target.textContent !== updated) target.textContent = updated
}
