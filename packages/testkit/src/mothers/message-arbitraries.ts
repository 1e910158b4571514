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
import fc from 'fast-check'
import {
  arbDataHubUrl,
  arbHash,
  arbHeight,
  arbPeerId,
  arbPrintableText,
  arbUint64,
} from './identity-arbitraries.js'

// Mapped through the codec's `create` and unwrapped: a generator that drifts from the schema fails loudly instead of being filtered away.

// 64 graphemes stay well under the 1024-character limits even when every grapheme is a long emoji sequence.
const arbMiner = arbPrintableText(64)
const arbReason = arbPrintableText(64)

export const arbBlockMessage: fc.Arbitrary<BlockMessage> = fc
  .record({ hash: arbHash, height: arbHeight, dataHubUrl: arbDataHubUrl, peerId: arbPeerId })
  .map((fields) => unwrap(blockMessageCodec.create(fields)))

export const arbSubtreeMessage: fc.Arbitrary<SubtreeMessage> = fc
  .record({ hash: arbHash, dataHubUrl: arbDataHubUrl, peerId: arbPeerId })
  .map((fields) => unwrap(subtreeMessageCodec.create(fields)))

export const arbMiningOnMessage: fc.Arbitrary<MiningOnMessage> = fc
  .record({
    hash: arbHash,
    previousHash: arbHash,
    dataHubUrl: arbDataHubUrl,
    peerId: arbPeerId,
    height: arbHeight,
    miner: arbMiner,
    sizeInBytes: arbUint64,
    txCount: arbUint64,
  })
  .map((fields) => unwrap(miningOnMessageCodec.create(fields)))

export const arbRejectedTxMessage: fc.Arbitrary<RejectedTxMessage> = fc
  .record({ txId: arbHash, reason: arbReason, peerId: arbPeerId })
  .map((fields) => unwrap(rejectedTxMessageCodec.create(fields)))

export const arbBestBlockMessage: fc.Arbitrary<BestBlockMessage> = fc
  .record({ peerId: arbPeerId })
  .map((fields) => unwrap(bestBlockMessageCodec.create(fields)))
