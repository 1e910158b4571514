import type { Logger } from '@p2p/domain'
import type { CID } from 'multiformats/cid'
import { errorText } from '../util/error-text.js'
import type { DialPolicy } from './dial-policy.js'
import type { DiscoveryHost, FoundPeer } from './topic-discovery.js'

/** What one lookup round shares across its topics: peers already tried, dials left. */
export interface LookupBudget {
  readonly tried: Set<string>
  dials: number
}

export interface ProviderLookupDeps {
  readonly host: DiscoveryHost
  readonly policy: DialPolicy
  readonly logger: Logger
}

/**
 * Finds a rendezvous' providers and dials those we are not connected to, within the round's budget.
 * The lookup ends once it has started `needed` dials: stopping the iteration ends the DHT query,
 * which otherwise walks on towards the K peers closest to the key.
 */
export class ProviderLookup {
  private readonly host: DiscoveryHost
  private readonly policy: DialPolicy
  private readonly logger: Logger

  constructor(deps: ProviderLookupDeps) {
    this.host = deps.host
    this.policy = deps.policy
    this.logger = deps.logger
  }

  async connect(
    topic: string,
    cid: CID,
    signal: AbortSignal,
    budget: LookupBudget,
    needed = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    const dials: Array<Promise<void>> = []
    try {
      for await (const found of this.host.findProviders(cid, signal)) {
        // Debug only: which rendezvous records a lookup returns, connected peers included, is
        // what shows that discovery works across implementations (interop tests read it).
        if (found.id !== this.host.selfId)
          this.logger.debug('rendezvous provider found', {
            topic,
            peer: found.id,
            connected: this.host.isConnected(found.id),
          })
        if (!this.worthDialling(found.id, budget.tried)) continue
        if (budget.dials-- <= 0) break
        budget.tried.add(found.id)
        dials.push(this.dial(found, topic, signal))
        if (dials.length >= needed) break
      }
    } catch (error) {
      if (!signal.aborted) this.logger.debug('provider lookup failed', { topic, error: errorText(error) })
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
