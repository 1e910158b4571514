import type { Logger, Startable } from '@p2p/domain'
import type { CID } from 'multiformats/cid'
import { withDeadline } from '../util/deadline.js'
import { errorText } from '../util/error-text.js'
import { forEachBounded } from './bounded.js'
import type { DialPolicy } from './dial-policy.js'
import { type LookupBudget, ProviderLookup } from './provider-lookup.js'
import { RendezvousAdvertiser } from './rendezvous-advertiser.js'
import { rendezvousCid } from './rendezvous-cid.js'

export interface FoundPeer {
  readonly id: string
  readonly multiaddrs: readonly string[]
}

/** What discovery needs from the libp2p node; narrow so the rounds can be tested without sockets. */
export interface DiscoveryHost {
  readonly selfId: string
  provide(cid: CID, signal: AbortSignal): Promise<void>
  findProviders(cid: CID, signal: AbortSignal): AsyncIterable<FoundPeer>
  isConnected(peer: string): boolean
  dial(peer: FoundPeer, signal: AbortSignal): Promise<void>
  /** Called when a round starts with no connection at all (e.g. the bootstrap peer was down at start). */
  reconnectBootstrap(signal: AbortSignal): Promise<void>
  connectionCount(): number
  /** Connected peers that gossipsub knows to subscribe to the topic. */
  topicPeerCount(topic: string): number
}

export interface TopicDiscoveryDeps {
  readonly host: DiscoveryHost
  readonly policy: DialPolicy
  readonly logger: Logger
  /** The clock advertisement renewal runs on; default `Date.now`. */
  readonly now?: () => number
}

export interface TopicDiscoveryOptions {
  readonly topicNames: readonly string[]
  readonly intervalMs: number
  readonly advertiseIntervalMs: number
  /**
   * A topic with at least this many topic peers is not looked up, and a lookup ends once it has
   * dialled the peers missing (default: every topic, every round, every provider). Gossipsub grafts
   * from connected topic peers; more connections add nothing to the mesh.
   */
  readonly topicPeersWanted?: number
  /**
   * Topics looked up at once (default 1). Every node runs all five topics, so the peers one lookup
   * connects usually serve the next topics too, and one at a time, each asking afresh whether its
   * topic is still short, finds them for fewer DHT queries than five at once.
   */
  readonly lookupConcurrency?: number
  /** Upper bound on one round; a stuck DHT query must not stall discovery forever. */
  readonly roundTimeoutMs?: number
  /** Peers dialled per round at most, so a flood of provider records cannot start a dial storm. */
  readonly maxDialsPerRound?: number
}

/**
 * The reference's discovery loop: every topic name is a rendezvous point; we advertise ourselves
 * under each and dial the providers we are not yet connected to. A round starts at once and then
 * every interval. Its lookups are what gets this node its peers: they run first, only for topics
 * short of topic peers, and each ends once it has dialled the peers missing. Advertising serves
 * other peers' lookups instead, and a placement sends our record to the K peers closest to the key,
 * which takes seconds on a busy node: it runs one topic at a time beside the lookups, never holds
 * them up, and starts with the second round, so it does not compete with the node's own joining
 * (bootstrap, the DHT's self-lookup, gossipsub) or with every other node started at the same moment.
 */
export class TopicDiscovery implements Startable {
  private timer: NodeJS.Timeout | undefined
  private aborter: AbortController | undefined
  private lookingUp: Promise<void> | undefined
  private advertising: Promise<void> | undefined
  private cids: ReadonlyMap<string, CID> = new Map()
  private readonly lookup: ProviderLookup
  private readonly advertiser: RendezvousAdvertiser
  private readonly host: DiscoveryHost
  private readonly logger: Logger

  constructor(
    { host, policy, logger, now = Date.now }: TopicDiscoveryDeps,
    private readonly options: TopicDiscoveryOptions,
  ) {
    this.host = host
    this.logger = logger
    this.lookup = new ProviderLookup({ host, policy, logger })
    this.advertiser = new RendezvousAdvertiser(
      { host, logger, now },
      { intervalMs: options.advertiseIntervalMs },
    )
  }

  async start(): Promise<void> {
    if (this.aborter !== undefined) return
    const entries = await Promise.all(
      this.options.topicNames.map(async (name) => [name, await rendezvousCid(name)] as const),
    )
    this.cids = new Map(entries)
    this.aborter = new AbortController()
    this.schedule(0, false)
  }

  async stop(): Promise<void> {
    const aborter = this.aborter
    this.aborter = undefined
    clearTimeout(this.timer)
    this.timer = undefined
    aborter?.abort()
    await Promise.all([this.lookingUp, this.advertising])
  }

  /** Runs one round now, its lookups and its advertising (tests use it to avoid waiting for the interval). */
  async runRound(): Promise<void> {
    await Promise.all([this.lookUp(), this.advertise()])
  }

  private schedule(delayMs: number, advertise: boolean): void {
    if (this.aborter === undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (advertise) void this.advertise()
      void this.lookUp().then(() => this.schedule(this.options.intervalMs, true))
    }, delayMs)
  }

  /** The round's lookups; joins the one under way, if any. */
  private lookUp(): Promise<void> {
    this.lookingUp ??= this.guarded('discovery round failed', (signal) => this.lookUpTopics(signal)).finally(
      () => {
        this.lookingUp = undefined
      },
    )
    return this.lookingUp
  }

  /** An advertising pass; joins the one under way, if any. */
  private advertise(): Promise<void> {
    this.advertising ??= this.guarded('advertising failed', (signal) =>
      this.advertiser.pass(this.cids, signal),
    ).finally(() => {
      this.advertising = undefined
    })
    return this.advertising
  }

  private async guarded(what: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const aborter = this.aborter
    if (aborter === undefined) return
    const timeoutMs = this.options.roundTimeoutMs ?? Math.max(this.options.intervalMs * 4, 20_000)
    try {
      await withDeadline([aborter.signal], timeoutMs, work)
    } catch (error) {
      if (!aborter.signal.aborted) this.logger.warn(what, { error: errorText(error) })
    }
  }

  private async lookUpTopics(signal: AbortSignal): Promise<void> {
    if (this.host.connectionCount() === 0) await this.host.reconnectBootstrap(signal).catch(() => {})
    const wanted = this.options.topicPeersWanted ?? Number.POSITIVE_INFINITY
    const budget: LookupBudget = { tried: new Set(), dials: this.options.maxDialsPerRound ?? 32 }
    await forEachBounded([...this.cids], this.options.lookupConcurrency ?? 1, async ([topic, cid]) => {
      // Asked when the topic's turn comes, not when the round began: the peers an earlier lookup
      // connected usually run this topic too.
      const needed = wanted - this.host.topicPeerCount(topic)
      if (needed > 0 && !signal.aborted) await this.lookup.connect(topic, cid, signal, budget, needed)
    })
  }
}
