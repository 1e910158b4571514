import { setMaxListeners } from 'node:events'
import {
  type BlockValidator,
  type ChainNotifier,
  type Clock,
  type GossipVerdict,
  isTopicKind,
  type LoadGauge,
  type Logger,
  type MessageTrace,
  type NotificationSink,
  P2PError,
  type P2PMetrics,
  type PeerNetwork,
  type PeerNetworkListener,
  type PeerReputation,
  parseWith,
  type RejectedTxSource,
  requiredPeerIdSchema,
  type Startable,
  type Unsubscribe,
  unwrap,
} from '@p2p/domain'
import { type P2PServiceOptions, type P2PServiceOptionsInput, p2pServiceOptionsSchema } from './options.js'
import { buildServiceParts, type ServiceParts } from './service-parts.js'
import type { KnownStatus, NodeStatusBook } from './status/node-status-book.js'

export interface P2PServiceDeps {
  readonly network: PeerNetwork
  readonly chain: ChainNotifier
  readonly validator: BlockValidator
  readonly rejectedTxs: RejectedTxSource
  readonly sink: NotificationSink
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: P2PMetrics
  /**
   * Where the core reports peers' offences and asks whether a peer is banned. Required: a
   * composition root that forgot it would switch banning off without a word.
   */
  readonly reputation: PeerReputation
  /** Whether the process keeps up; while it does not, gossip we can afford to lose is shed. */
  readonly load: LoadGauge
  /**
   * Where received node statuses are kept. Pass one to share it with another reader (the HTTP
   * face shows them to new websocket clients); without one, the service keeps its own, sized by
   * `nodeStatusMaxNodes` and `nodeStatusExpiryMs`.
   */
  readonly statuses?: NodeStatusBook
  /** Where sampled messages' stage times go (a benchmark reads them); none traced without one. */
  readonly trace?: MessageTrace
}

type State = 'created' | 'running' | 'stopping' | 'stopped'

/**
 * The P2P application service: every flow of the spec, against ports only. It registers itself
 * as the network's listener when built; the adapters are started and stopped by whoever owns
 * them (the composition root), the network before this service starts.
 */
export class P2PService implements Startable {
  readonly options: P2PServiceOptions
  private state: State = 'created'
  private stopped: Promise<void> | undefined
  private readonly subscriptions: Unsubscribe[] = []
  /** Every call this service makes to a port carries this signal; `abortInFlight` fires it. */
  private readonly aborter = new AbortController()
  private readonly logger: Logger
  private readonly parts: ServiceParts

  constructor(
    private readonly deps: P2PServiceDeps,
    options: P2PServiceOptionsInput,
  ) {
    this.options = unwrap(parseWith(p2pServiceOptionsSchema, options, 'P2PService option'))
    const selfId = unwrap(parseWith(requiredPeerIdSchema, deps.network.peerId, 'network peer id'))
    const logger = deps.logger.child({ component: 'p2p-service' })
    this.logger = logger
    // Every port call in flight listens on this signal, as many as the concurrency settings
    // allow (hundreds), which is by design and not the leak Node warns about past ten.
    setMaxListeners(0, this.aborter.signal)
    this.parts = buildServiceParts({ ...deps, logger, selfId, signal: this.aborter.signal }, this.options)
    deps.network.setListener(this.listener)
  }

  get running(): boolean {
    return this.state === 'running'
  }

  /** Hand-offs waiting and running, for health and metrics. */
  get handoffBacklog(): { readonly waiting: number; readonly inFlight: number } {
    return this.parts.handoff.backlog
  }

  /** The latest status of every node that sent one and is still heard from, the stalest first. */
  nodeStatuses(): readonly KnownStatus[] {
    return this.parts.statuses.all()
  }

  /** All or nothing: if a subscription fails, those made are undone and the service stays unstarted. */
  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new P2PError('internal', `cannot start a P2PService that is ${this.state}`)
    try {
      this.subscriptions.push(this.deps.chain.subscribe(this.parts.chainAnnouncer.onEvent))
      this.subscriptions.push(this.deps.rejectedTxs.subscribe(this.parts.rejectedTxAnnouncer.onRejected))
    } catch (error) {
      this.unsubscribeAll()
      throw error
    }
    this.state = 'running'
    this.parts.requester.requestNow()
    this.parts.statusAnnouncer.start()
  }

  /**
   * Stops listening, drops (and counts) queued work, and waits for work already running. Every
   * caller gets the same promise, so nobody is told "stopped" while work is still in flight.
   */
  stop(): Promise<void> {
    this.stopped ??= this.shutDown()
    return this.stopped
  }

  /** Aborts every port call still running; for a shutdown whose time is up. */
  abortInFlight(): void {
    this.aborter.abort(new P2PError('stopped', 'the service was stopped'))
  }

  private async shutDown(): Promise<void> {
    this.state = 'stopping'
    // What verdicts already given set in motion is done before the queues close.
    this.parts.effects.drain()
    this.unsubscribeAll()
    this.parts.requester.close()
    this.parts.statusAnnouncer.close()
    await Promise.all([
      this.parts.chainAnnouncer.close(),
      this.parts.rejectedTxAnnouncer.close(),
      this.parts.responder.close(),
      this.parts.handoff.close(),
      this.parts.tasks.idle(),
    ])
    this.state = 'stopped'
  }

  private unsubscribeAll(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) {
      try {
        unsubscribe()
      } catch (error) {
        this.logger.error('unsubscribe failed', { reason: String(error) })
      }
    }
  }

  /** The network's way in. Whatever happens inside, the network gets a verdict, never an exception. */
  private readonly listener: PeerNetworkListener = {
    gossip: (message): GossipVerdict => {
      if (!isTopicKind(message.kind)) {
        this.logger.error('gossip of an unknown topic kind from the network adapter', {
          kind: String(message.kind),
        })
        return 'ignore'
      }
      if (this.state !== 'running') {
        this.parts.guard.refused(
          message.kind,
          new P2PError('not_started', 'gossip arrived while the service is not running'),
        )
        this.deps.metrics.gossipVerdict(message.kind, 'ignore')
        return 'ignore'
      }
      try {
        return this.parts.router.handle(message)
      } catch (error) {
        this.parts.guard.refused(message.kind, new P2PError('internal', String(error), { cause: error }))
        this.deps.metrics.gossipVerdict(message.kind, 'ignore')
        return 'ignore'
      }
    },
    afterVerdicts: () => {
      try {
        this.parts.effects.drain()
      } catch (error) {
        this.logger.error('doing what verdicts set in motion failed', { reason: String(error) })
      }
    },
    direct: (message) => {
      if (this.state !== 'running') {
        this.parts.guard.refused(
          'direct',
          new P2PError('not_started', 'direct message arrived while the service is not running'),
        )
        return
      }
      try {
        this.parts.direct.handle(message)
      } catch (error) {
        this.parts.guard.refused('direct', new P2PError('internal', String(error), { cause: error }))
      }
    },
    topicPeerJoined: (kind) => {
      if (this.state === 'running' && kind === 'bestBlock') this.parts.requester.topicPeerJoined()
    },
  }
}
