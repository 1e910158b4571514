// @ts-check
/** The peers panel: who the node is connected to, their topics and addresses. */

import { $, el } from './dom.js'
import { formatCount, shortPeer } from './format.js'
import { isRecord } from './status-poller.js'

/** A long list helps nobody and costs a reflow per poll. */
const MAX_PEERS_SHOWN = 100

/** @param {readonly unknown[]} peers */
export function renderPeers(peers) {
  $('peer-count').textContent = formatCount(peers.length)
  const items = []
  for (const peer of peers.slice(0, MAX_PEERS_SHOWN)) {
    if (!isRecord(peer) || typeof peer.id !== 'string') continue
    const item = el('li', 'peer-item')
    item.dataset.testid = 'peer'
    const id = el('code', 'peer-id', shortPeer(peer.id))
    id.title = peer.id
    item.append(id)
    const topics = el('span', 'peer-topics')
    for (const topic of Array.isArray(peer.topics) ? peer.topics : [])
      topics.append(el('span', 'chip', String(topic)))
    item.append(topics)
    const addresses = el('ul', 'addresses')
    for (const address of Array.isArray(peer.addresses) ? peer.addresses : [])
      addresses.append(el('li', '', String(address)))
    if (addresses.childElementCount > 0) item.append(addresses)
    items.push(item)
  }
  if (peers.length > MAX_PEERS_SHOWN) {
    items.push(el('li', 'muted', `and ${formatCount(peers.length - MAX_PEERS_SHOWN)} more`))
  }
  if (items.length === 0) items.push(el('li', 'muted', 'No peers connected.'))
  $('peers').replaceChildren(...items)
}
