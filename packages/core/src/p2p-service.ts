import {
  type BlockValidator,
  type ChainNotifier,
  type Clock,
  type GossipVerdict,
  isTopicKind,
  type Logger,
  type NotificationSink,
  P2PError,
  type P2PMetrics,
  type PeerNetwork,
  type PeerNetworkListener,
  parseWith,
  type RejectedTxSource,
  requiredPeerIdSchema,
  type Startable,
  type Unsubscribe,
  unwrap,
} from '@p2p/domain'
import { BestBlockRequester } from './best-block/best-block-requester.js'
import { BestBlockResponder } from './best-block/best-block-responder.js'
import { HeaderLookup } from './chain/header-lookup.js'
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
  private stopped: Promise<void> | undefined
  private readonly subscriptions: Unsubscribe[] = []
  /** Every call this service makes to a port carries this signal; `abortInFlight` fires it. */
  private readonly aborter = new AbortController()
  private readonly logger: Logger
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
    this.options = unwrap(parseWith(p2pServiceOptionsSchema, options, 'P2PService option'))
    const selfId = unwrap(parseWith(requiredPeerIdSchema, deps.network.peerId, 'network peer id'))
    const { network, chain, validator, sink, clock, metrics } = deps
    const logger = deps.logger.child({ component: 'p2p-service' })
    const signal = this.aborter.signal
    const o = this.options

    this.logger = logger
    this.guard = new InputGuard(logger, metrics)
    this.tasks = new TaskTracker((error) => logger.error('background task failed', { reason: String(error) }))
    const publisher = new Publisher(network, logger, metrics, signal)
    const headers = new HeaderLookup({ chain, guard: this.guard, signal })
    this.handoff = new Handoff({
      validator,
      clock,
      logger,
      metrics,
      signal,
      concurrency: o.handoffConcurrency,
      limit: o.handoffQueueLimit,
    })
    this.responder = new BestBlockResponder({
      network,
      headers,
      logger,
      metrics,
      signal,
      dataHubUrl: o.dataHubUrl,
      concurrency: o.bestBlockReplyConcurrency,
      limit: o.bestBlockReplyQueueLimit,
    })
    this.requester = new BestBlockRequester({
      publisher,
      tasks: this.tasks,
      clock,
      peerId: selfId,
      minIntervalMs: o.bestBlockRequestIntervalMs,
      replyWindowMs: o.bestBlockReplyWindowMs,
      maxRepliesPerRequest: o.bestBlockMaxReplies,
    })
    this.router = new GossipRouter({
      selfId,
      guard: this.guard,
      metrics,
      clock,
      sink,
      logger,
      handoff: this.handoff,
      responder: this.responder,
    })
    this.direct = new DirectHandler({
      selfId,
      guard: this.guard,
      handoff: this.handoff,
      requester: this.requester,
    })
    this.chainAnnouncer = new ChainAnnouncer({
      headers,
      publisher,
      guard: this.guard,
      peerId: selfId,
      dataHubUrl: o.dataHubUrl,
      queueLimit: o.announceQueueLimit,
    })
    this.rejectedTxAnnouncer = new RejectedTxAnnouncer({
      publisher,
      guard: this.guard,
      peerId: selfId,
      queueLimit: o.announceQueueLimit,
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

  /** All or nothing: if a subscription fails, those made are undone and the service stays unstarted. */
  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new P2PError('internal', `cannot start a P2PService that is ${this.state}`)
    try {
      this.subscriptions.push(this.deps.chain.subscribe(this.chainAnnouncer.onEvent))
      this.subscriptions.push(this.deps.rejectedTxs.subscribe(this.rejectedTxAnnouncer.onRejected))
    } catch (error) {
      this.unsubscribeAll()
      throw error
    }
    this.state = 'running'
    this.requester.requestNow()
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
    this.unsubscribeAll()
    await Promise.all([
      this.chainAnnouncer.close(),
      this.rejectedTxAnnouncer.close(),
      this.responder.close(),
      this.handoff.close(),
      this.tasks.idle(),
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
        this.guard.refused(
          message.kind,
          new P2PError('not_started', 'gossip arrived while the service is not running'),
        )
        this.deps.metrics.gossipVerdict(message.kind, 'ignore')
        return 'ignore'
      }
      try {
        return this.router.handle(message)
      } catch (error) {
        this.guard.refused(message.kind, new P2PError('internal', String(error), { cause: error }))
        this.deps.metrics.gossipVerdict(message.kind, 'ignore')
        return 'ignore'
      }
    },
    direct: (message) => {
      if (this.state !== 'running') {
        this.guard.refused(
          'direct',
          new P2PError('not_started', 'direct message arrived while the service is not running'),
        )
        return
      }
      try {
        this.direct.handle(message)
      } catch (error) {
        this.guard.refused('direct', new P2PError('internal', String(error), { cause: error }))
      }
    },
    topicPeerJoined: (kind) => {
      if (this.state === 'running' && kind === 'bestBlock') this.requester.topicPeerJoined()
    },
  }
}
