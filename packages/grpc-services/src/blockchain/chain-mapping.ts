import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainEventKind,
  type Hash,
  hashFromInternalBytes,
  P2PError,
  parseBlockHeader,
} from '@p2p/domain'
import type { GetBlockHeaderResponse, Notification } from '../gen/blockchain_api/blockchain_api_pb.js'
import { NotificationType } from '../gen/model/model_pb.js'
import type { Mapped } from '../upstream/subscribed-upstream.js'

const KIND_OF: Readonly<Partial<Record<NotificationType, ChainEventKind>>> = {
  [NotificationType.Block]: 'block',
  [NotificationType.Subtree]: 'subtree',
  [NotificationType.MiningOn]: 'miningOn',
}

export const NOTIFICATION_TYPE_OF: Readonly<Record<ChainEventKind, NotificationType>> = {
  block: NotificationType.Block,
  subtree: NotificationType.Subtree,
  miningOn: NotificationType.MiningOn,
}

/** A blockchain notification as a chain event. PING carries nothing; anything malformed is an error. */
export function chainEventFromNotification(notification: Notification): Mapped<ChainEvent> {
  if (notification.type === NotificationType.PING) return { ok: false }
  const kind = KIND_OF[notification.type]
  if (kind === undefined) {
    return {
      ok: false,
      error: new P2PError('invalid_field', `unknown notification type ${notification.type}`),
    }
  }
  if (notification.hash.length !== 32) {
    return {
      ok: false,
      error: new P2PError(
        'invalid_hash',
        `a ${kind} notification carries a ${notification.hash.length}-byte hash`,
      ),
    }
  }
  const hash = hashFromInternalBytes(notification.hash)
  return {
    ok: true,
    event: notification.baseUrl === '' ? { kind, hash } : { kind, hash, baseUrl: notification.baseUrl },
  }
}

/**
 * A header response as header info. Hash and previous hash come from the 80 header bytes (the
 * previous hash is bytes 4..36 in internal order), so they cannot disagree with the header.
 */
export function headerInfoFromResponse(response: GetBlockHeaderResponse): BlockHeaderInfo {
  const parsed = parseBlockHeader(response.blockHeader)
  if (!parsed.ok) {
    throw new P2PError(
      'upstream_failed',
      `the blockchain service sent a bad header: ${parsed.error.message}`,
      {
        cause: parsed.error,
      },
    )
  }
  return {
    hash: parsed.value.hash,
    previousHash: parsed.value.previousHash,
    height: response.height,
    txCount: response.txCount,
    sizeInBytes: response.sizeInBytes,
    miner: response.miner,
  }
}

/** Checks that a look-up answered for the block we asked about. */
export function expectHash(info: BlockHeaderInfo, wanted: Hash): BlockHeaderInfo {
  if (info.hash !== wanted) {
    throw new P2PError(
      'upstream_failed',
      'the blockchain service answered a header look-up with another block',
      {
        context: { wanted, got: info.hash },
      },
    )
  }
  return info
}
