import {
  type BlockValidator,
  type ChainNotifier,
  type Clock,
  type GossipVerdict,
  type Logger,
  type NotificationSink,
  P2PError,
  type P2PMetrics,
  type PeerNetwork,
  type PeerNetworkListener,
  type RejectedTxSource,
  type Startable,
  type Unsubscribe,
} from '@p2p/domain'
import { BestBlockRequester } from './best-block/best-block-requester.js'
import { BestBlockResponder } from './best-block/best-block-responder.js'
import { DirectHandler } from './inbound/direct-handler.js'
import { GossipRouter } from './inbound/gossip-router.js'
import { Handoff } from './inbound/handoff.js'
import { InputGuard } from './input-guard.js'
import { type P2PServiceOptions, type P2PServiceOptionsInput, p2pServiceOptionsSchema } from './options.js'
import { ChainAnnouncer } from './outbound/chain-announcer.js'
import { Publisher } from './outbound/publisher.js'
import { RejectedTxAnnouncer } from './outbound/rejected-tx-announcer.js'
import { TaskTracker } from './queue/task-tracker.js'

export interface P2PServiceDeps {
  readonly network: PeerNetwork
  readonly chain: ChainNotifier
  readonly validator: BlockValidator
  readonly rejectedTxs: RejectedTxSource
  readonly sink: NotificationSink
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: P2PMetrics
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
  private readonly subscriptions: Unsubscribe[] = []
  private readonly tasks: TaskTracker
  private readonly guard: InputGuard
  private readonly handoff: Handoff
  private readonly responder: BestBlockResponder
  private readonly requester: BestBlockRequester
  private readonly router: GossipRouter
  private readonly direct: DirectHandler
  private readonly chainAnnouncer: ChainAnnouncer
  private readonly rejectedTxAnnouncer: RejectedTxAnnouncer

  constructor(
    private readonly deps: P2PServiceDeps,
    options: P2PServiceOptionsInput,
  ) {
    const parsed = p2pServiceOptionsSchema.safeParse(options)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new P2PError('invalid_field', `P2PService option ${String(issue?.path[0])}: ${issue?.message}`)
    }
    this.options = parsed.data
    const { network, chain, validator, sink, clock, metrics } = deps
    const logger = deps.logger.child({ component: 'p2p-service' })
    const selfId = network.peerId
    const { dataHubUrl } = this.options

    this.guard = new InputGuard(logger, metrics)
    this.tasks = new TaskTracker((error) => this.guard.refused('chain', error))
    const publisher = new Publisher(network, logger, metrics)
    this.handoff = new Handoff({
      validator,
      clock,
      logger,
      metrics,
      concurrency: this.options.handoffConcurrency,
      limit: this.options.handoffQueueLimit,
    })
    this.responder = new BestBlockResponder({ network, chain, logger, metrics, dataHubUrl, limit: 256 })
    this.requester = new BestBlockRequester({
      publisher,
      tasks: this.tasks,
      clock,
      peerId: selfId,
      minIntervalMs: this.options.bestBlockRequestIntervalMs,
    })
    this.router = new GossipRouter({
      selfId,
      guard: this.guard,
      metrics,
      clock,
      sink,
      handoff: this.handoff,
      responder: this.responder,
    })
    this.direct = new DirectHandler({ selfId, guard: this.guard, handoff: this.handoff })
    const queueLimit = this.options.announceQueueLimit
    this.chainAnnouncer = new ChainAnnouncer({
      chain,
      publisher,
      guard: this.guard,
      logger,
      peerId: selfId,
      dataHubUrl,
      queueLimit,
    })
    this.rejectedTxAnnouncer = new RejectedTxAnnouncer({
      publisher,
      guard: this.guard,
      peerId: selfId,
      queueLimit,
    })
    network.setListener(this.listener)
  }

  get running(): boolean {
    return this.state === 'running'
  }

  /** Hand-offs waiting and running, for health and metrics. */
  get handoffBacklog(): { readonly waiting: number; readonly inFlight: number } {
    return this.handoff.backlog
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new P2PError('internal', `cannot start a P2PService that is ${this.state}`)
    this.state = 'running'
    this.subscriptions.push(
      this.deps.chain.subscribe(this.chainAnnouncer.onEvent),
      this.deps.rejectedTxs.subscribe(this.rejectedTxAnnouncer.onRejected),
    )
    this.requester.requestNow()
  }

  /** Stops listening, drops (and counts) queued work, and waits for work already running. */
  async stop(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') return
    this.state = 'stopping'
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe()
    await Promise.all([
      this.chainAnnouncer.close(),
      this.rejectedTxAnnouncer.close(),
      this.responder.close(),
      this.handoff.close(),
      this.tasks.idle(),
    ])
    this.state = 'stopped'
  }

  /** Cancels hand-offs still running; for a shutdown whose time is up. */
  abortInFlight(): void {
    this.handoff.abort()
  }

  private readonly listener: PeerNetworkListener = {
    gossip: (message): GossipVerdict => {
      if (this.state !== 'running') {
        this.guard.refused(
          message.kind,
          new P2PError('not_started', 'gossip arrived while the service is not running'),
        )
        this.deps.metrics.gossipVerdict(message.kind, 'ignore')
        return 'ignore'
      }
      return this.router.handle(message)
    },
    direct: (message) => {
      if (this.state !== 'running') {
        this.guard.refused(
          'direct',
          new P2PError('not_started', 'direct message arrived while the service is not running'),
        )
        return
      }
      this.direct.handle(message)
    },
    topicPeerJoined: (kind) => {
      if (this.state === 'running' && kind === 'bestBlock') this.requester.topicPeerJoined()
    },
  }
}
