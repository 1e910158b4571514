import {
  type Announcement,
  type BlockHeaderInfo,
  blockHeaderInfoSchema,
  CHAIN_EVENT_KINDS,
  type ChainEvent,
  chainEventSchema,
  type RejectedTx,
  rejectedTxSchema,
} from '@p2p/domain'
import { aDataHubUrl, aHash, aPeerId } from './identity-mothers.js'
import { aHeight, SAMPLE_MINERS, SAMPLE_REJECT_REASONS } from './message-mothers.js'
import { randomBigInt, randomItem } from './random.js'

interface Schema {
  parse(value: unknown): unknown
}

/** Checks `value` against the domain schema (throwing on a bad override) and returns it as built. */
function checked<T>(schema: Schema, value: T): T {
  schema.parse(value)
  return value
}

export function aBlockHeaderInfo(overrides: Partial<BlockHeaderInfo> = {}): BlockHeaderInfo {
  return checked(blockHeaderInfoSchema, {
    hash: aHash(),
    previousHash: aHash(),
    height: aHeight(),
    txCount: 1n + randomBigInt(1_000_000n),
    sizeInBytes: 80n + randomBigInt(4_000_000_000n),
    miner: randomItem(SAMPLE_MINERS),
    ...overrides,
  })
}

/** Carries a `baseUrl`; `aChainEventWithoutBaseUrl` builds one the way a service that reports none would. */
export function aChainEvent(overrides: Partial<ChainEvent> = {}): ChainEvent {
  return checked(chainEventSchema, {
    kind: randomItem(CHAIN_EVENT_KINDS),
    hash: aHash(),
    baseUrl: aDataHubUrl(),
    ...overrides,
  })
}

export function aChainEventWithoutBaseUrl(overrides: Partial<Omit<ChainEvent, 'baseUrl'>> = {}): ChainEvent {
  const { kind, hash } = aChainEvent(overrides)
  return { kind, hash }
}

export function aRejectedTx(overrides: Partial<RejectedTx> = {}): RejectedTx {
  return checked(rejectedTxSchema, { txId: aHash(), reason: randomItem(SAMPLE_REJECT_REASONS), ...overrides })
}

export function anAnnouncement(overrides: Partial<Announcement> = {}): Announcement {
  return { hash: aHash(), baseUrl: aDataHubUrl(), peerId: aPeerId(), ...overrides }
}
