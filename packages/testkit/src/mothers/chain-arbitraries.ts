import {
  type BlockHeaderInfo,
  CHAIN_EVENT_KINDS,
  type ChainEvent,
  FIELD_LIMITS,
  type RejectedTx,
} from '@p2p/domain'
import fc from 'fast-check'
import { arbDataHubUrl, arbHash, arbHeight, arbUint64 } from './identity-arbitraries.js'

/** `miner` is raw coinbase text here, control characters included: consumers must sanitise it. */
export const arbBlockHeaderInfo: fc.Arbitrary<BlockHeaderInfo> = fc.record({
  hash: arbHash,
  previousHash: arbHash,
  height: arbHeight,
  txCount: arbUint64,
  sizeInBytes: arbUint64,
  miner: fc.string({ unit: 'binary', maxLength: 64 }),
})

export const arbChainEvent: fc.Arbitrary<ChainEvent> = fc
  .record({
    kind: fc.constantFrom(...CHAIN_EVENT_KINDS),
    hash: arbHash,
    baseUrl: fc.option(arbDataHubUrl, { nil: undefined }),
  })
  .map(({ kind, hash, baseUrl }) => (baseUrl === undefined ? { kind, hash } : { kind, hash, baseUrl }))

export const arbRejectedTx: fc.Arbitrary<RejectedTx> = fc.record({
  txId: arbHash,
  reason: fc.string({ maxLength: FIELD_LIMITS.reasonChars }),
})
