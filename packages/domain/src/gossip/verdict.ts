import type { ErrorCode } from '../errors/error-codes.js'

/**
 * What gossipsub is told about a received message: ACCEPT relays it, IGNORE drops it quietly,
 * REJECT drops it and counts against the sender's score.
 */
export type GossipVerdict = 'accept' | 'ignore' | 'reject'

/**
 * The one table from validation failure to verdict. Malformed or lying payloads are the
 * sender's fault (REJECT); our own trouble, or anything unforeseen, must not cost an honest
 * peer its standing (IGNORE). A banned author, a rate limit or a replay is IGNOREd too: the
 * message itself may be fine, and a peer's standing is kept by PeerReputation, not by the verdict.
 */
const VERDICTS: ReadonlyMap<ErrorCode, GossipVerdict> = new Map(
  Object.entries({
    payload_too_large: 'reject',
    invalid_utf8: 'reject',
    invalid_json: 'reject',
    not_an_object: 'reject',
    invalid_field: 'reject',
    invalid_hash: 'reject',
    peer_id_mismatch: 'reject',
    forbidden_url: 'reject',
  }) as Array<[ErrorCode, GossipVerdict]>,
)

export function verdictForError(code: ErrorCode): GossipVerdict {
  return VERDICTS.get(code) ?? 'ignore'
}
