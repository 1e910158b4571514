import type { Logger } from '@p2p/domain'
import { errorText } from '../util/error-text.js'
import { RecentAuthors } from './recent-authors.js'

/** What the loop needs of the node; `libp2pExchangeHost` is the real one. */
export interface AddressExchangeHost {
  readonly selfId: string
  /** Peers we hold an open connection to, in the order they are to be asked. */
  connectedPeers(): string[]
  isConnected(peer: string): boolean
  /** One address request to `via` about `target` (see AddressAsker.ask). */
  ask(via: string, target: string, signal: AbortSignal): Promise<readonly string[]>
  /** Adds `addresses` to what the node knows of `peer`. */
  remember(peer: string, addresses: readonly string[]): Promise<void>
  dial(peer: string, signal: AbortSignal): Promise<void>
}

export interface AddressExchangeLoopDeps {
  readonly host: AddressExchangeHost
  readonly logger: Logger
  /** Default `Date.now`. */
  readonly now?: () => number
}

export interface AddressExchangeLoopOptions {
  /** Between the end of one round and the start of the next (default 15 s, as the bus). */
  readonly intervalMs?: number
  /** An author is not asked about again sooner than this (default 5 minutes, as the bus). */
  readonly askAgainAfterMs?: number
  /** Authors remembered, the most recent kept (default 1,000). */
  readonly maxAuthors?: number
  /** Authors looked up in one round; the rest wait for the next (default 16). */
  readonly maxLookupsPerRound?: number
  /** Peers asked about one author before giving up until `askAgainAfterMs` (default 16). */
  readonly maxAsksPerLookup?: number
  /** Lookups under way at once (default 4): a peer that never answers holds one for 10 s. */
  readonly concurrency?: number
}

export interface AddressExchangeLoopCounters {
  /** Requests sent. */
  readonly asked: number
  /** Requests answered with at least one address. */
  readonly answered: number
  /** Authors connected to after an answer. */
  readonly dialled: number
  /** Requests and dials that failed. */
  readonly failed: number
}

/**
 * How a node with the DHT off reaches the authors it hears on its topics but is not connected
 * to, as the bus does: every interval, each such author not asked about lately is looked up by
 * asking our connected peers one after another until one knows addresses; those are stored and
 * the author dialled.
 */
export class AddressExchangeLoop {
  private readonly authors: RecentAuthors
  /** When each author was last looked up; entries older than `askAgainAfterMs` are dropped. */
  private readonly lastAsked = new Map<string, number>()
  private readonly host: AddressExchangeHost
  private readonly logger: Logger
  private readonly now: () => number
  private readonly settings: Required<AddressExchangeLoopOptions>
  private aborter: AbortController | undefined
  private timer: NodeJS.Timeout | undefined
  private round: Promise<void> | undefined
  private count = { asked: 0, answered: 0, dialled: 0, failed: 0 }

  constructor(deps: AddressExchangeLoopDeps, options: AddressExchangeLoopOptions = {}) {
    this.host = deps.host
    this.logger = deps.logger
    this.now = deps.now ?? Date.now
    this.settings = {
      intervalMs: options.intervalMs ?? 15_000,
      askAgainAfterMs: options.askAgainAfterMs ?? 5 * 60_000,
      maxAuthors: options.maxAuthors ?? 1_000,
      maxLookupsPerRound: options.maxLookupsPerRound ?? 16,
      maxAsksPerLookup: options.maxAsksPerLookup ?? 16,
      concurrency: options.concurrency ?? 4,
    }
    this.authors = new RecentAuthors(this.settings.maxAuthors)
  }

  /** To be called with the signed author of every message received on one of our topics. */
  sawAuthor(peer: string): void {
    if (peer !== this.host.selfId) this.authors.saw(peer)
  }

  start(): void {
    if (this.aborter !== undefined) return
    this.aborter = new AbortController()
    this.schedule()
  }

  stop(): void {
    this.aborter?.abort()
    this.aborter = undefined
    clearTimeout(this.timer)
    this.timer = undefined
  }

  counters(): AddressExchangeLoopCounters {
    return { ...this.count }
  }

  /** One round now, unless one is under way (then that one); the timer calls this. */
  runRound(): Promise<void> {
    const aborter = this.aborter ?? new AbortController()
    this.round ??= this.lookUpAll(aborter.signal).finally(() => {
      this.round = undefined
    })
    return this.round
  }

  private schedule(): void {
    const aborter = this.aborter
    if (aborter === undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.runRound()
        .catch((error: unknown) => {
          this.logger.warn('an address exchange round failed', { error: errorText(error) })
        })
        .then(() => {
          if (this.aborter === aborter) this.schedule()
        })
    }, this.settings.intervalMs)
  }

  private async lookUpAll(signal: AbortSignal): Promise<void> {
    const targets = this.dueTargets()
    const workers = Array.from({ length: Math.min(this.settings.concurrency, targets.length) }, async () => {
      for (let target = targets.shift(); target !== undefined && !signal.aborted; target = targets.shift()) {
        await this.lookUp(target, signal)
      }
    })
    await Promise.all(workers)
  }

  /** Authors not connected and not asked about lately, newest first, marked as asked about now. */
  private dueTargets(): string[] {
    const now = this.now()
    for (const [peer, at] of this.lastAsked) {
      if (now - at >= this.settings.askAgainAfterMs || !this.authors.has(peer)) this.lastAsked.delete(peer)
    }
    const due: string[] = []
    for (const peer of this.authors.newestFirst()) {
      if (due.length === this.settings.maxLookupsPerRound) break
      if (this.lastAsked.has(peer) || this.host.isConnected(peer)) continue
      this.lastAsked.set(peer, now)
      due.push(peer)
    }
    return due
  }

  private async lookUp(target: string, signal: AbortSignal): Promise<void> {
    const asking = this.host
      .connectedPeers()
      .filter((peer) => peer !== target)
      .slice(0, this.settings.maxAsksPerLookup)
    for (const via of asking) {
      // Gossipsub's peer exchange or a dial of its own may have connected it meanwhile.
      if (signal.aborted || this.host.isConnected(target)) return
      this.count.asked++
      let addresses: readonly string[]
      try {
        addresses = await this.host.ask(via, target, signal)
      } catch (error) {
        if (signal.aborted) return
        this.count.failed++
        this.logger.debug('address request failed', { via, target, error: errorText(error) })
        continue
      }
      if (addresses.length === 0) continue
      this.count.answered++
      await this.connect(target, via, addresses, signal)
      return
    }
  }

  private async connect(
    target: string,
    via: string,
    addresses: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await this.host.remember(target, addresses)
      await this.host.dial(target, signal)
      this.count.dialled++
      this.logger.debug('connected to a topic author through address exchange', {
        target,
        via,
        addresses: addresses.length,
      })
    } catch (error) {
      if (signal.aborted) return
      this.count.failed++
      this.logger.debug('could not dial a topic author after address exchange', {
        target,
        via,
        error: errorText(error),
      })
    }
  }
}
