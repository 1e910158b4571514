import type { GossipSub } from '@libp2p/gossipsub'
import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'

/** What gossipsub calls for each peer a PRUNE's peer exchange suggests (private in its typings). */
interface PeerExchangeDialer {
  connect(id: string): Promise<void>
}

function hasConnect(pubsub: object): pubsub is PeerExchangeDialer {
  return typeof (pubsub as Partial<PeerExchangeDialer>).connect === 'function'
}

/**
 * Makes gossipsub's peer-exchange dials work as go-libp2p-pubsub's do: in the background, bounded,
 * and unable to break the handling of the PRUNE that suggested them. The library (17.1) handles
 * a PRUNE's topics one after another and, for each, awaits the dials to all its suggested peers
 * before the next topic; the first dial that fails (an unreachable or banned peer) abandons the
 * rest, so later topics keep a mesh link to the pruning peer on our side only. Nothing bounds the
 * dials across PRUNEs either. Here each suggested dial starts and returns at once, a failure is a
 * debug line, and while `maxInFlight` suggested dials are under way further suggestions are
 * dropped, as Go drops them when its pending-connection queue is full.
 *
 * Returns false when the method is missing (a library upgrade renamed it); the caller warns.
 */
export function guardPeerExchange(pubsub: GossipSub, maxInFlight: number, logger: Logger): boolean {
  if (!hasConnect(pubsub)) return false
  const connect = pubsub.connect.bind(pubsub)
  let inFlight = 0
  pubsub.connect = async (id: string): Promise<void> => {
    if (inFlight >= maxInFlight) {
      logger.debug('peer exchange suggestion dropped; enough dials under way', { peer: id })
      return
    }
    inFlight++
    connect(id)
      .catch((error: unknown) => {
        logger.debug('could not dial a peer suggested by peer exchange', {
          peer: id,
          error: errorText(error),
        })
      })
      .finally(() => {
        inFlight--
      })
  }
  return true
}
