// @ts-check
/**
 * Notifications as the node sends them over the websocket: one JSON text frame each, in the
 * reference's shape (snake_case keys, members omitted when empty). No DOM here, so the tests can
 * import this module in Node and hold the type list to the domain's.
 */

/** The same list, in the same order, as the domain's NOTIFICATION_TYPES: a test compares them. */
export const NOTIFICATION_TYPES = Object.freeze(
  /** @type {const} */ (['block', 'subtree', 'mining_on', 'rejected_tx', 'node_status', 'PING']),
)

/** @typedef {(typeof NOTIFICATION_TYPES)[number]} NotificationType */
/** @typedef {Exclude<NotificationType, 'PING'>} DataType */

/**
 * The types that carry news; PING only says the connection is alive.
 * @type {readonly DataType[]}
 */
export const DATA_TYPES = Object.freeze(NOTIFICATION_TYPES.filter((type) => type !== 'PING'))

/**
 * What the feed shows on a first visit. Node statuses are left out: every node says one every
 * 10 s, which would bury the blocks; the network view shows them instead.
 * @type {readonly NotificationType[]}
 */
export const DEFAULT_SHOWN = Object.freeze(DATA_TYPES.filter((type) => type !== 'node_status'))

/** @type {Readonly<Record<NotificationType, string>>} */
export const LABELS = Object.freeze({
  block: 'block',
  subtree: 'subtree',
  mining_on: 'mining on',
  rejected_tx: 'rejected tx',
  node_status: 'node status',
  PING: 'PING',
})

/**
 * A frame that named a known type. Everything else in it came from a peer by way of the node and
 * is checked where it is used, hence `unknown`.
 * @typedef {object} WireNotification
 * @property {NotificationType} type
 * @property {unknown} [timestamp]
 * @property {unknown} [hash]
 * @property {unknown} [base_url]
 * @property {unknown} [peer_id]
 * @property {unknown} [previousblockhash]
 * @property {unknown} [tx_count]
 * @property {unknown} [height]
 * @property {unknown} [size_in_bytes]
 * @property {unknown} [miner]
 * @property {unknown} [reason]
 * @property {unknown} [client_name] node_status members (the node's gossip payload, as sent)
 * @property {unknown} [version]
 * @property {unknown} [best_block_hash]
 * @property {unknown} [best_height]
 * @property {unknown} [fsm_state]
 * @property {unknown} [listen_mode]
 * @property {unknown} [uptime]
 * @property {unknown} [connected_peers_count]
 * @property {unknown} [storage]
 */

/** @type {ReadonlySet<unknown>} */
const KNOWN = new Set(NOTIFICATION_TYPES)

/**
 * @param {unknown} value
 * @returns {value is NotificationType}
 */
export function isNotificationType(value) {
  return KNOWN.has(value)
}

/**
 * tx_count and size_in_bytes are uint64: kept exact where the browser gives the reviver the
 * source text (JSON.parse source text access), approximate elsewhere.
 * @param {string} key
 * @param {unknown} value
 * @param {{ source?: unknown }} [context]
 * @returns {unknown}
 */
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

/**
 * The notification in a websocket frame, or undefined for anything unreadable.
 * @param {unknown} data
 * @returns {WireNotification | undefined}
 */
export function readFrame(data) {
  if (typeof data !== 'string') return undefined
  /** @type {unknown} */
  let parsed
  try {
    parsed = JSON.parse(data, reviveBig)
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object' || !('type' in parsed)) return undefined
  if (!isNotificationType(parsed.type)) return undefined
  return /** @type {WireNotification} */ (parsed)
}

/**
 * `${base_url}/block/${hash}` or `/subtree/`, only for an http(s) base and a hex hash: the base
 * URL is whatever the announcing peer wrote.
 * @param {WireNotification} n
 * @returns {string | undefined}
 */
export function dataHubLink(n) {
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
