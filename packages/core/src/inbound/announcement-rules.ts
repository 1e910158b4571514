import { type Hash, P2PError, type PeerId } from '@p2p/domain'
import { REPEATED, REPLAY, refuseDataHubUrl } from '../hardening/refusals.js'
import { type AnnouncedKind, type Decision, ReplayGuard, type Wanted } from '../hardening/replay-guard.js'

/** What an announcement says about itself, whichever path brought it. */
export interface Announced {
  readonly kind: AnnouncedKind
  readonly hash: Hash
  /** Where it can be fetched; '' for none (Go's zero value). */
  readonly url: string
  /** The author the payload names; '' for none (Go's zero value). */
  readonly claimed: PeerId
}

export interface AnnouncementRulesDeps {
  readonly replay: ReplayGuard
  readonly allowPrivateDataHubUrls: boolean
}

const FETCHED: ReadonlySet<AnnouncedKind> = new Set<AnnouncedKind>(['block', 'subtree'])

const MISSING_URL = new P2PError('missing_data_hub_url', 'announcement has no data hub URL')

/**
 * The checks every decoded announcement passes, in this order, on gossip and on the direct
 * stream alike: the author it names is its sender; a URL to fetch from where one is needed, and
 * one we may fetch from (ours excepted: a test network may well be private); not announced
 * already within the replay window, and not by this sender past the repeat limit (spam). What comes before (bans, rates, decoding) and between
 * (`admit`: the direct stream takes only replies it asked for) belongs to the path.
 */
export class AnnouncementRules {
  constructor(private readonly deps: AnnouncementRulesDeps) {}

  /** A payload naming an author (Go's zero value '' names nobody) must name its sender. */
  author(claimed: PeerId, from: PeerId): P2PError | undefined {
    if (claimed === '' || claimed === from) return undefined
    return new P2PError('peer_id_mismatch', 'payload names a peer other than its sender', {
      context: { claimed },
    })
  }

  /** The refusal, or what is still to be done with the announcement. */
  judge(
    announced: Announced,
    from: PeerId,
    own: boolean,
    wanted: Wanted,
    admit?: () => P2PError | undefined,
  ): P2PError | Decision {
    const { kind, hash, url, claimed } = announced
    const mismatch = this.author(claimed, from)
    if (mismatch) return mismatch
    // Blocks and subtrees are fetched from their URL; without one the sender is misconfigured,
    // not hostile (Go's zero value).
    if (FETCHED.has(kind) && url === '') return MISSING_URL
    if (!own && url !== '') {
      const forbidden = refuseDataHubUrl(url, this.deps.allowPrivateDataHubUrls)
      if (forbidden) return forbidden
    }
    const refused = admit?.()
    if (refused) return refused
    const decision = this.deps.replay.sight(
      kind,
      ReplayGuard.keyOf(kind, hash, from),
      { peerId: from, baseUrl: url },
      own,
      wanted,
    )
    if (decision.repeated) return REPEATED
    return decision.handOff || decision.notify ? decision : REPLAY
  }
}
