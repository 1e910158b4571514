import {
  type Clock,
  FIELD_LIMITS,
  type ListenMode,
  type PeerNetwork,
  type TimerHandle,
  toPrintable,
  unwrap,
  type WireFormat,
} from '@p2p/domain'
import type { HeaderLookup } from '../chain/header-lookup.js'
import type { Publisher } from '../outbound/publisher.js'
import type { TaskTracker } from '../queue/task-tracker.js'

export interface NodeStatusAnnouncerDeps {
  readonly wire: WireFormat
  /** Asked how many peers we have. */
  readonly network: Pick<PeerNetwork, 'peers'>
  readonly headers: HeaderLookup
  readonly publisher: Publisher
  readonly tasks: TaskTracker
  readonly clock: Clock
  readonly selfId: string
}

export interface NodeStatusAnnouncerOptions {
  readonly intervalMs: number
  readonly clientName: string
  readonly version: string
  readonly commitHash: string
  readonly baseUrl: string
  readonly propagationUrl: string
  readonly listenMode: ListenMode
}

/**
 * Tells the network how we are: at start, every `intervalMs` and after each new best block, on
 * a wire that has a node-status topic. A silent node says nothing; a listen-only node gives no
 * URLs, since it serves nothing. Blocks arriving faster than a status goes out cost one more
 * status, not one each.
 */
export class NodeStatusAnnouncer {
  private timer: TimerHandle | undefined
  private startMs = 0
  private sending = false
  private again = false
  private closed = false

  constructor(
    private readonly deps: NodeStatusAnnouncerDeps,
    private readonly options: NodeStatusAnnouncerOptions,
  ) {}

  private get speaks(): boolean {
    return this.deps.wire.carries('nodeStatus') && this.options.listenMode !== 'silent'
  }

  start(): void {
    if (!this.speaks) return
    this.startMs = this.deps.clock.now()
    this.announceSoon()
  }

  /** A new block is worth a status at once. */
  newBlock(): void {
    if (this.speaks) this.announceSoon()
  }

  close(): void {
    this.closed = true
    this.timer?.cancel()
    this.timer = undefined
  }

  private announceSoon(): void {
    if (this.closed) return
    if (this.sending) {
      this.again = true
      return
    }
    this.sending = true
    this.timer?.cancel()
    this.timer = undefined
    this.deps.tasks.run(async () => {
      try {
        await this.announce()
      } finally {
        this.sending = false
        if (this.again) {
          this.again = false
          this.announceSoon()
        } else if (!this.closed) {
          this.timer = this.deps.clock.setTimer(this.options.intervalMs, () => this.announceSoon())
        }
      }
    })
  }

  private async announce(): Promise<void> {
    const { clock, headers, wire, network, publisher, selfId } = this.deps
    const o = this.options
    const best = await headers.best({ kind: 'nodeStatus' })
    const now = clock.now()
    const serving = o.listenMode === 'full'
    const status = wire.create('nodeStatus', {
      peerId: selfId,
      clientName: o.clientName,
      baseUrl: serving ? o.baseUrl : '',
      propagationUrl: serving ? o.propagationUrl : '',
      version: o.version,
      commitHash: o.commitHash,
      bestBlockHash: best?.hash ?? '',
      bestHeight: best?.height ?? 0,
      // What our blockchain service tells of the best block; it keeps no running total for us.
      txCount: best?.txCount ?? 0n,
      subtreeCount: 0,
      // Our blockchain service does not tell its state machine's state; an empty field says so.
      fsmState: '',
      startTime: Math.floor(this.startMs / 1000),
      uptime: (now - this.startMs) / 1000,
      minerName: best === undefined ? '' : toPrintable(best.miner, FIELD_LIMITS.minerChars),
      listenMode: o.listenMode,
      chainWork: '',
      syncPeerId: '',
      syncPeerHeight: 0,
      syncPeerBlockHash: '',
      syncConnectedAt: 0,
      connectedPeersCount: network.peers().length,
      legacyConnectedPeersCount: 0,
      storage: '',
    })
    await publisher.publish('nodeStatus', unwrap(status))
  }
}
