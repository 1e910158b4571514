import type { Logger } from '@p2p/domain'
import type { CID } from 'multiformats/cid'
import { withDeadline } from '../util/deadline.js'
import { errorText } from '../util/error-text.js'
import type { DialPolicy } from './dial-policy.js'
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
}

export interface TopicDiscoveryOptions {
  readonly topicNames: readonly string[]
  readonly intervalMs: number
  readonly advertiseIntervalMs: number
  /** Upper bound on one round; a stuck DHT query must not stall discovery forever. */
  readonly roundTimeoutMs?: number
  /** Peers dialled per round at most, so a flood of provider records cannot start a dial storm. */
  readonly maxDialsPerRound?: number
}

/**
 * The reference's discovery loop: every topic name is a rendezvous point; each round we advertise
 * ourselves under it (renewing once the record is older than the advertise interval, retrying every
 * round until it was placed) and dial the providers we are not yet connected to.
 */
export class TopicDiscovery {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private aborter: AbortController | undefined
  private readonly advertisedAt = new Map<string, number>()
  private cids: ReadonlyMap<string, CID> = new Map()

  constructor(
    private readonly host: DiscoveryHost,
    private readonly policy: DialPolicy,
    private readonly options: TopicDiscoveryOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    if (this.aborter !== undefined) return
    const entries = await Promise.all(
      this.options.topicNames.map(async (name) => [name, await rendezvousCid(name)] as const),
    )
    this.cids = new Map(entries)
    this.aborter = new AbortController()
    this.schedule(0)
  }

  async stop(): Promise<void> {
    const aborter = this.aborter
    this.aborter = undefined
    clearTimeout(this.timer)
    this.timer = undefined
    aborter?.abort()
    await this.running
  }

  /** Runs one round now (tests use it to avoid waiting for the interval). */
  async runRound(): Promise<void> {
    const aborter = this.aborter
    if (aborter === undefined || this.running !== undefined) return this.running
    const roundTimeoutMs = this.options.roundTimeoutMs ?? Math.max(this.options.intervalMs * 4, 20_000)
    this.running = withDeadline([aborter.signal], roundTimeoutMs, (signal) => this.round(signal))
      .catch((error: unknown) => {
        if (!aborter.signal.aborted) this.logger.warn('discovery round failed', { error: errorText(error) })
      })
      .finally(() => {
        this.running = undefined
      })
    return this.running
  }

  private schedule(delayMs: number): void {
    if (this.aborter === undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.runRound().then(() => this.schedule(this.options.intervalMs))
    }, delayMs)
  }

  private async round(signal: AbortSignal): Promise<void> {
    if (this.host.connectionCount() === 0) await this.host.reconnectBootstrap(signal).catch(() => {})
    const budget = { dials: this.options.maxDialsPerRound ?? 32 }
    const tried = new Set<string>()
    for (const [name, cid] of this.cids) {
      if (signal.aborted) return
      await this.advertise(name, cid, signal)
      await this.connectProviders(name, cid, signal, tried, budget)
    }
  }

  private async advertise(name: string, cid: CID, signal: AbortSignal): Promise<void> {
    const last = this.advertisedAt.get(name)
    if (last !== undefined && this.now() - last < this.options.advertiseIntervalMs) return
    if (this.host.connectionCount() === 0) return
    try {
      await this.host.provide(cid, signal)
      this.advertisedAt.set(name, this.now())
      this.logger.debug('advertised topic rendezvous', { topic: name })
    } catch (error) {
      if (!signal.aborted)
        this.logger.debug('could not advertise topic yet', { topic: name, error: errorText(error) })
    }
  }

  private async connectProviders(
    name: string,
    cid: CID,
    signal: AbortSignal,
    tried: Set<string>,
    budget: { dials: number },
  ): Promise<void> {
    const dials: Array<Promise<void>> = []
    try {
      for await (const found of this.host.findProviders(cid, signal)) {
        if (!this.worthDialling(found.id, tried)) continue
        if (budget.dials-- <= 0) break
        tried.add(found.id)
        dials.push(this.dial(found, name, signal))
      }
    } catch (error) {
      if (!signal.aborted)
        this.logger.debug('provider lookup failed', { topic: name, error: errorText(error) })
    }
    await Promise.all(dials)
  }

  private worthDialling(peer: string, tried: ReadonlySet<string>): boolean {
    return (
      peer !== this.host.selfId &&
      !tried.has(peer) &&
      !this.host.isConnected(peer) &&
      this.policy.shouldDial(peer)
    )
  }

  private async dial(found: FoundPeer, topic: string, signal: AbortSignal): Promise<void> {
    try {
      await this.host.dial(found, signal)
      this.logger.info('connected to a peer found through the DHT', { peer: found.id, topic })
    } catch (error) {
      const skipped = this.policy.failed(found.id, error)
      if (!signal.aborted)
        this.logger.debug('could not dial a discovered peer', {
          peer: found.id,
          skipped,
          error: errorText(error),
        })
    }
  }
}
