import type { Clock, HandoffKind, Hash, PeerId, TopicKind } from '@p2p/domain'
import { AnnouncerTable } from './announcer-table.js'
import { RepeatCounter } from './repeat-counter.js'
import { type Announcer, SeenAnnouncements, type SeenLimits } from './seen-announcements.js'

/** The kinds that announce something with a hash; a best-block request announces nothing. */
/** The kinds that announce something by hash: the ones replays are suppressed for. */
export type AnnouncedKind = Exclude<TopicKind, 'bestBlock' | 'nodeStatus'>

export interface ReplayGuardDeps {
  readonly clock: Clock
}

/**
 * The window, the keys remembered per kind, the announcers kept per key, and how often one peer
 * may announce the same key within the window before it counts as spam.
 */
export interface ReplayGuardOptions extends SeenLimits {
  readonly repeatLimit?: number
}

/** What the caller would do with an announcement if it were new. */
export interface Wanted {
  readonly handOff: boolean
  readonly notify: boolean
}

/** What it should do: each at most once per key within the window. Neither means a replay. */
export interface Decision {
  readonly handOff: boolean
  readonly notify: boolean
  /** The announcer has now sent this key more often than the repeat limit allows. */
  readonly repeated: boolean
}

/**
 * Replay suppression: the same block, subtree or rejected transaction, announced again by
 * anyone (a best-block reply included) within `ttlMs`, is neither handed to block validation
 * nor notified a second time. Our own announcement counts like anyone's: if its echo comes
 * first it is notified and needs no hand-off; if a peer's came first, ours is a replay.
 *
 * Mining-on is keyed by hash *and* author: every node announces mining on the same new tip, and
 * each of those is news; only the same node saying it again is a replay.
 *
 * The first few announcers of a hash are kept, so that when a hand-off fails (a peer can
 * announce someone else's block with a URL that serves nothing) the next one is tried; at most
 * `maxAnnouncers` hand-offs per hash, one at a time, each announcer at most once.
 */
export class ReplayGuard {
  private readonly seen: Readonly<Record<AnnouncedKind, SeenAnnouncements>>
  private readonly repeats: RepeatCounter
  private readonly maxAttempts: number

  private readonly clock: Clock

  constructor(deps: ReplayGuardDeps, options: ReplayGuardOptions) {
    this.clock = deps.clock
    this.maxAttempts = options.maxAnnouncers
    // One table for all kinds: the same peers announce blocks, subtrees and the rest.
    const announcers = new AnnouncerTable()
    const cache = () => new SeenAnnouncements({ announcers }, options)
    this.seen = { block: cache(), subtree: cache(), miningOn: cache(), rejectedTx: cache() }
    this.repeats = new RepeatCounter({
      limit: options.repeatLimit ?? 50,
      windowMs: options.ttlMs,
      maxEntries: options.maxEntries,
    })
  }

  static keyOf(kind: AnnouncedKind, hash: Hash, author: PeerId): string {
    return kind === 'miningOn' ? `${hash}/${author}` : hash
  }

  /** How many keys each kind remembers, for tests and health. */
  get sizes(): Readonly<Record<AnnouncedKind, number>> {
    const { block, subtree, miningOn, rejectedTx } = this.seen
    return { block: block.size, subtree: subtree.size, miningOn: miningOn.size, rejectedTx: rejectedTx.size }
  }

  /** Records the sighting and says what is still to be done. `own`: we announced it. */
  sight(kind: AnnouncedKind, key: string, announcer: Announcer, own: boolean, wanted: Wanted): Decision {
    // Ours is validated already; nobody else's copy of it needs validating, and we are no source.
    const entry = this.seen[kind].sight(key, own ? undefined : announcer, this.clock.now())
    if (own) {
      entry.ours = true
      entry.handedOff = true
    }
    const mine = entry.announcers.findIndex((known) => known.peerId === announcer.peerId)
    const mineTried = mine >= 0 && (entry.tried & (1 << mine)) !== 0
    const handOff = wanted.handOff && !entry.handedOff && entry.attempts < this.maxAttempts && !mineTried
    if (handOff) {
      entry.handedOff = true
      entry.attempts++
      if (mine >= 0) entry.tried |= 1 << mine
    }
    const notify = wanted.notify && !entry.notified
    if (notify) entry.notified = true
    const repeated = !own && this.repeats.count(`${kind} ${key}`, announcer.peerId, this.clock.now())
    return { handOff, notify, repeated }
  }

  /**
   * After a failed hand-off of `hash`: another recorded announcer of it, not tried yet. With none
   * left, the next announcer to come along gets its turn instead, while attempts remain.
   */
  fallback(kind: HandoffKind, hash: Hash): Announcer | undefined {
    const entry = this.seen[kind].get(hash, this.clock.now())
    if (entry === undefined || entry.ours || entry.attempts >= this.maxAttempts) return undefined
    const index = entry.announcers.findIndex((_, i) => (entry.tried & (1 << i)) === 0)
    const next = entry.announcers[index]
    if (next === undefined) {
      entry.handedOff = false
      return undefined
    }
    entry.tried |= 1 << index
    entry.attempts++
    return { peerId: next.peerId, baseUrl: next.baseUrl }
  }
}
