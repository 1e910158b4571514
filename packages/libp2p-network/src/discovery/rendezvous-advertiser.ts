import type { Logger } from '@p2p/domain'
import type { CID } from 'multiformats/cid'
import { errorText } from '../util/error-text.js'
import type { DiscoveryHost } from './topic-discovery.js'

export interface RendezvousAdvertiserDeps {
  readonly host: DiscoveryHost
  readonly logger: Logger
  readonly now: () => number
}

export interface RendezvousAdvertiserOptions {
  /** A placed record older than this is placed again. */
  readonly intervalMs: number
}

/**
 * Places our provider record under each topic's rendezvous, one topic at a time: a placement
 * asks the DHT for the key's closest peers and then sends the record to each of them, and it serves
 * other peers' lookups, not our own, so it is not worth a burst. A placed record is renewed once
 * it is older than `intervalMs`; one that could not be placed is tried again at the next pass.
 */
export class RendezvousAdvertiser {
  private readonly advertisedAt = new Map<string, number>()

  private readonly host: DiscoveryHost
  private readonly logger: Logger
  private readonly now: () => number
  private readonly intervalMs: number

  constructor(deps: RendezvousAdvertiserDeps, options: RendezvousAdvertiserOptions) {
    this.host = deps.host
    this.logger = deps.logger
    this.now = deps.now
    this.intervalMs = options.intervalMs
  }

  async pass(cids: ReadonlyMap<string, CID>, signal: AbortSignal): Promise<void> {
    for (const [topic, cid] of cids) {
      if (signal.aborted) return
      await this.advertise(topic, cid, signal)
    }
  }

  private async advertise(topic: string, cid: CID, signal: AbortSignal): Promise<void> {
    const last = this.advertisedAt.get(topic)
    if (last !== undefined && this.now() - last < this.intervalMs) return
    // With no peer at all the DHT has nowhere to put the record.
    if (this.host.connectionCount() === 0) return
    try {
      await this.host.provide(cid, signal)
      this.advertisedAt.set(topic, this.now())
      this.logger.debug('advertised topic rendezvous', { topic })
    } catch (error) {
      if (!signal.aborted)
        this.logger.debug('could not advertise topic yet', { topic, error: errorText(error) })
    }
  }
}
