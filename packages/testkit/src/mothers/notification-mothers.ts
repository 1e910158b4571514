import {
  type BlockNotification,
  type MiningOnNotification,
  NOTIFICATION_TYPES,
  type NodeStatusNotification,
  type Notification,
  type NotificationType,
  type PingNotification,
  type RejectedTxNotification,
  type SubtreeNotification,
} from '@p2p/domain'
import { DEFAULT_FAKE_CLOCK_START_MS } from '@p2p/memory-ports'
import { aDataHubUrl, aHash, aPeerId } from './identity-mothers.js'
import { aHeight, SAMPLE_MINERS, SAMPLE_REJECT_REASONS } from './message-mothers.js'
import { aNodeStatusMessage } from './node-status-mothers.js'
import { randomBigInt, randomInt, randomItem } from './random.js'

// Whole seconds and no empty or zero fields: what the wire keeps, so an encode/decode round trip compares equal.
const aTimestampMs = (): number => DEFAULT_FAKE_CLOCK_START_MS + randomInt(0, 10_000_000) * 1000

export function aBlockNotification(overrides: Partial<BlockNotification> = {}): BlockNotification {
  return {
    type: 'block',
    timestampMs: aTimestampMs(),
    hash: aHash(),
    baseUrl: aDataHubUrl(),
    peerId: aPeerId(),
    height: aHeight(),
    ...overrides,
  }
}

export function aSubtreeNotification(overrides: Partial<SubtreeNotification> = {}): SubtreeNotification {
  return {
    type: 'subtree',
    timestampMs: aTimestampMs(),
    hash: aHash(),
    baseUrl: aDataHubUrl(),
    peerId: aPeerId(),
    ...overrides,
  }
}

export function aMiningOnNotification(overrides: Partial<MiningOnNotification> = {}): MiningOnNotification {
  return {
    type: 'mining_on',
    timestampMs: aTimestampMs(),
    hash: aHash(),
    baseUrl: aDataHubUrl(),
    peerId: aPeerId(),
    previousHash: aHash(),
    height: aHeight(),
    miner: randomItem(SAMPLE_MINERS),
    sizeInBytes: 1n + randomBigInt(4_000_000_000n),
    txCount: 1n + randomBigInt(1_000_000n),
    ...overrides,
  }
}

export function aRejectedTxNotification(
  overrides: Partial<RejectedTxNotification> = {},
): RejectedTxNotification {
  return {
    type: 'rejected_tx',
    timestampMs: aTimestampMs(),
    hash: aHash(),
    peerId: aPeerId(),
    reason: randomItem(SAMPLE_REJECT_REASONS),
    ...overrides,
  }
}

export function aNodeStatusNotification(
  overrides: Partial<NodeStatusNotification> = {},
): NodeStatusNotification {
  return { type: 'node_status', timestampMs: aTimestampMs(), status: aNodeStatusMessage(), ...overrides }
}

export function aPingNotification(overrides: Partial<PingNotification> = {}): PingNotification {
  return { type: 'PING', timestampMs: aTimestampMs(), ...overrides }
}

const BUILDERS: { readonly [T in NotificationType]: () => Notification } = {
  block: () => aBlockNotification(),
  subtree: () => aSubtreeNotification(),
  mining_on: () => aMiningOnNotification(),
  rejected_tx: () => aRejectedTxNotification(),
  node_status: () => aNodeStatusNotification(),
  PING: () => aPingNotification(),
}

/** A notification of `type`, or of a random type. */
export function aNotification(type?: NotificationType): Notification {
  const chosen = type ?? randomItem(NOTIFICATION_TYPES)
  return BUILDERS[chosen]()
}
