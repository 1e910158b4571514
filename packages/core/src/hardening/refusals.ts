import { checkDataHubUrl, P2PError } from '@p2p/domain'

// Shared instances: these are raised per message in a flood, and an Error's stack trace is
// the expensive part of refusing one. Nothing downstream mutates them.
export const BANNED = new P2PError('banned', 'the sender is banned')
export const GOSSIP_RATE_LIMITED = new P2PError(
  'rate_limited',
  "over the author's gossip rate for this topic",
)
export const REQUEST_RATE_LIMITED = new P2PError('rate_limited', "over the peer's best-block request rate")
export const OVERLOADED = new P2PError('overloaded', 'shed while this node is overloaded')
export const REPLAY = new P2PError('duplicate', 'announced already within the replay window')
export const REPEATED = new P2PError('repeated', 'the sender announced this again, past the repeat limit')

/** A `forbidden_url` error when a peer's data hub URL may not be fetched from (see checkDataHubUrl). */
export function refuseDataHubUrl(url: string, allowPrivate: boolean): P2PError | undefined {
  const check = checkDataHubUrl(url, { allowPrivate })
  if (check.allowed) return undefined
  return new P2PError('forbidden_url', `data hub URL refused: ${check.problem}`, {
    context: { problem: check.problem },
  })
}
