import {
  type BestBlockMessage,
  type BlockMessage,
  bestBlockMessageCodec,
  blockMessageCodec,
  type MiningOnMessage,
  miningOnMessageCodec,
  type RejectedTxMessage,
  rejectedTxMessageCodec,
  type SubtreeMessage,
  subtreeMessageCodec,
  unwrap,
} from '@p2p/domain'
import { aDataHubUrl, aHash, aPeerId } from './identity-mothers.js'
import { randomBigInt, randomInt, randomItem } from './random.js'

// Each builder goes through the codec's `create`, so an override that breaks the schema throws here, in the test's setup.

export const SAMPLE_MINERS = ['/taal.com/', 'GorillaPool', '/Mined by Teranode/', 'SVPool', 'QDLNK'] as const
export const SAMPLE_REJECT_REASONS = [
  'missing inputs',
  'double spend',
  'script verification failed',
  'fee too low',
  'transaction is not final',
] as const

export const aHeight = (): number => randomInt(1, 1_000_000)

export function aBlockMessage(overrides: Partial<BlockMessage> = {}): BlockMessage {
  return unwrap(
    blockMessageCodec.create({
      hash: aHash(),
      height: aHeight(),
      dataHubUrl: aDataHubUrl(),
      peerId: aPeerId(),
      ...overrides,
    }),
  )
}

export function aSubtreeMessage(overrides: Partial<SubtreeMessage> = {}): SubtreeMessage {
  return unwrap(
    subtreeMessageCodec.create({ hash: aHash(), dataHubUrl: aDataHubUrl(), peerId: aPeerId(), ...overrides }),
  )
}

export function aMiningOnMessage(overrides: Partial<MiningOnMessage> = {}): MiningOnMessage {
  return unwrap(
    miningOnMessageCodec.create({
      hash: aHash(),
      previousHash: aHash(),
      dataHubUrl: aDataHubUrl(),
      peerId: aPeerId(),
      height: aHeight(),
      miner: randomItem(SAMPLE_MINERS),
      sizeInBytes: 1n + randomBigInt(4_000_000_000n),
      txCount: 1n + randomBigInt(1_000_000n),
      ...overrides,
    }),
  )
}

export function aRejectedTxMessage(overrides: Partial<RejectedTxMessage> = {}): RejectedTxMessage {
  return unwrap(
    rejectedTxMessageCodec.create({
      txId: aHash(),
      reason: randomItem(SAMPLE_REJECT_REASONS),
      peerId: aPeerId(),
      ...overrides,
    }),
  )
}

export function aBestBlockMessage(overrides: Partial<BestBlockMessage> = {}): BestBlockMessage {
  return unwrap(bestBlockMessageCodec.create({ peerId: aPeerId(), ...overrides }))
}
