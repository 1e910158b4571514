import { type BlockNotification, encodeNotification, type Hash, type SubtreeNotification } from '@p2p/domain'
import { MESSAGE_BYTES, paddedUrl } from '../gossip/constants.js'

/** The peer id carried in every fan-out notification (any Ed25519 peer id's text will do). */
const PEER_ID = '12D3KooWBenchBenchBenchBenchBenchBenchBenchBenchBench1'
const HASH_TAIL = '0'.repeat(40)

/**
 * The hash of a fan-out notification carries its sequence number and send time (wall clock, µs),
 * so a client in another process can time it without a side channel: 8 + 16 + 40 hex digits.
 */
export function stampedHash(seq: number, sentAtMs: number): Hash {
  const micros = Math.round(sentAtMs * 1000)
  return `${seq.toString(16).padStart(8, '0')}${micros.toString(16).padStart(16, '0')}${HASH_TAIL}` as Hash
}

/** Sequence number and send time (wall ms) of a frame, read back from its hash; undefined if it has none (PING). */
export function stampOf(frame: string): { seq: number; sentAtMs: number } | undefined {
  const at = frame.indexOf('"hash":"')
  if (at < 0) return undefined
  return {
    seq: Number.parseInt(frame.slice(at + 8, at + 16), 16),
    sentAtMs: Number.parseInt(frame.slice(at + 16, at + 32), 16) / 1000,
  }
}

/** A subtree notification of about MESSAGE_BYTES once encoded, like those of the gossip runs. */
export function notification(hash: Hash): SubtreeNotification {
  return {
    type: 'subtree',
    hash,
    baseUrl: paddedUrl('peer1.bench.example', MESSAGE_BYTES - 208),
    peerId: PEER_ID,
    timestampMs: Date.now(),
  }
}

/** What fills a stalled client's buffers: a block notification, a type the other clients filter out. */
export function floodNotification(seq: number): BlockNotification {
  return { ...notification(stampedHash(seq, 0)), type: 'block', height: seq + 1 }
}

/** The encoded frame split around the hash, for the raw server's pre-serialised frames. */
export function frameTemplate(): { before: string; after: string } {
  const placeholder = 'f'.repeat(64) as Hash
  const text = encodeNotification(notification(placeholder))
  const at = text.indexOf(placeholder)
  return { before: text.slice(0, at), after: text.slice(at + 64) }
}
