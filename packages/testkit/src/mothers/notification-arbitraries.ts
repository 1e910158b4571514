import { type Notification, UINT32_MAX, UINT64_MAX } from '@p2p/domain'
import fc from 'fast-check'
import { arbDataHubUrl, arbHash, arbPeerId, arbPrintableText } from './identity-arbitraries.js'

// Whole seconds from 2001 to 2100, and only non-empty, non-zero fields: the shape a frame keeps through encode and decode.
const arbTimestampMs = fc.integer({ min: 1_000_000_000, max: 4_102_444_800 }).map((s) => s * 1000)
const arbPositiveHeight = fc.integer({ min: 1, max: UINT32_MAX })
const arbPositiveUint64 = fc.bigInt({ min: 1n, max: UINT64_MAX })
const arbSomeText = arbPrintableText(64, 1)

export const arbNotification: fc.Arbitrary<Notification> = fc.oneof(
  fc.record({
    type: fc.constant('block' as const),
    timestampMs: arbTimestampMs,
    hash: arbHash,
    baseUrl: arbDataHubUrl,
    peerId: arbPeerId,
    height: arbPositiveHeight,
  }),
  fc.record({
    type: fc.constant('subtree' as const),
    timestampMs: arbTimestampMs,
    hash: arbHash,
    baseUrl: arbDataHubUrl,
    peerId: arbPeerId,
  }),
  fc.record({
    type: fc.constant('mining_on' as const),
    timestampMs: arbTimestampMs,
    hash: arbHash,
    baseUrl: arbDataHubUrl,
    peerId: arbPeerId,
    previousHash: arbHash,
    height: arbPositiveHeight,
    miner: arbSomeText,
    sizeInBytes: arbPositiveUint64,
    txCount: arbPositiveUint64,
  }),
  fc.record({
    type: fc.constant('rejected_tx' as const),
    timestampMs: arbTimestampMs,
    hash: arbHash,
    peerId: arbPeerId,
    reason: arbSomeText,
  }),
  fc.record({ type: fc.constant('PING' as const), timestampMs: arbTimestampMs }),
)
