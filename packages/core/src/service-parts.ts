import {
  type BlockValidator,
  type ChainNotifier,
  type Clock,
  type LoadGauge,
  type Logger,
  type MessageTrace,
  NO_TRACE,
  type NotificationSink,
  type P2PMetrics,
  type PeerId,
  type PeerNetwork,
  type PeerReputation,
  type TopicKind,
} from '@p2p/domain'
import { BestBlockRequester } from './best-block/best-block-requester.js'
import { BestBlockResponder } from './best-block/best-block-responder.js'
import { HeaderLookup } from './chain/header-lookup.js'
import { PeerRateLimiter } from './hardening/peer-rate-limiter.js'
import { PeerStanding } from './hardening/peer-standing.js'
import { ReplayGuard } from './hardening/replay-guard.js'
import { AfterVerdict } from './inbound/after-verdict.js'
import { AnnouncementRules } from './inbound/announcement-rules.js'
import { DirectHandler } from './inbound/direct-handler.js'
import { effectRunner } from './inbound/effect-runner.js'
import { GossipGate } from './inbound/gossip-gate.js'
import { GossipRouter } from './inbound/gossip-router.js'
import { Handoff } from './inbound/handoff.js'
import { InputGuard } from './input-guard.js'
import type { P2PServiceOptions } from './options.js'
import { ChainAnnouncer } from './outbound/chain-announcer.js'
import { Publisher } from './outbound/publisher.js'
import { RejectedTxAnnouncer } from './outbound/rejected-tx-announcer.js'
import { TaskTracker } from './queue/task-tracker.js'
import { NodeStatusAnnouncer } from './status/node-status-announcer.js'
import { NodeStatusBook } from './status/node-status-book.js'

export interface PartsDeps {
  readonly network: PeerNetwork
  readonly chain: ChainNotifier
  readonly validator: BlockValidator
  readonly sink: NotificationSink
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: P2PMetrics
  readonly reputation: PeerReputation
  readonly load: LoadGauge
  readonly statuses?: NodeStatusBook | undefined
  readonly trace?: MessageTrace | undefined
  readonly selfId: PeerId
  readonly signal: AbortSignal
}

export type ServiceParts = ReturnType<typeof buildServiceParts>

/** Builds the service's collaborators from its ports and options; P2PService only sequences them. */
export function buildServiceParts(deps: PartsDeps, o: P2PServiceOptions) {
  const { network, chain, validator, sink, clock, logger, metrics, selfId, signal } = deps
  const trace = deps.trace ?? NO_TRACE
  const guard = new InputGuard({ logger, metrics, clock })
  const tasks = new TaskTracker((error) => logger.error('background task failed', { reason: String(error) }))
  const publisher = new Publisher({
    network,
    logger,
    metrics,
    signal,
    clock,
    ...(o.statusOnlyUntilChainUp
      ? { mayPublish: (kind: TopicKind) => kind === 'nodeStatus' || chainIsUp(chain) }
      : {}),
  })
  const headers = new HeaderLookup({ chain, guard, signal })
  const standing = new PeerStanding({ selfId, reputation: deps.reputation, logger, clock })
  const replay = new ReplayGuard(
    { clock },
    {
      ttlMs: o.seenTtlMs,
      maxEntries: o.seenMaxEntries,
      maxAnnouncers: o.seenMaxAnnouncers,
      repeatLimit: o.seenRepeatLimit,
    },
  )
  const handoff: Handoff = new Handoff({
    validator,
    clock,
    trace,
    logger,
    metrics,
    signal,
    concurrency: o.handoffConcurrency,
    limit: o.handoffQueueLimit,
    // A failed hand-off is tried once more per announcer recorded for the hash.
    onFailed: (kind, failed) => {
      const next = replay.fallback(kind, failed.hash)
      if (next !== undefined) handoff.push(kind, { hash: failed.hash, ...next })
    },
  })
  const limiter = (limit: P2PServiceOptions['bestBlockRequestRate']) =>
    new PeerRateLimiter({ clock }, { ...limit, maxPeers: o.rateLimitMaxPeers })
  const gossipLimits = Object.fromEntries(
    Object.entries(o.gossipRateLimits).map(([kind, limit]) => [kind, limiter(limit)]),
  ) as Record<TopicKind, PeerRateLimiter>
  // Never reported as spam: being shed is not the sender's fault.
  const overloadLimits = Object.fromEntries(
    Object.entries(o.overloadRateLimits).map(([kind, limit]) => [
      kind,
      new PeerRateLimiter(
        { clock },
        { ...limit, spamAfter: Number.MAX_SAFE_INTEGER, maxPeers: o.rateLimitMaxPeers },
      ),
    ]),
  ) as Partial<Record<TopicKind, PeerRateLimiter>>
  const responder = new BestBlockResponder({
    network,
    headers,
    logger,
    metrics,
    signal,
    dataHubUrl: o.dataHubUrl,
    concurrency: o.bestBlockReplyConcurrency,
    limit: o.bestBlockReplyQueueLimit,
  })
  const requester = new BestBlockRequester({
    wire: network.wire,
    publisher,
    tasks,
    clock,
    peerId: selfId,
    minIntervalMs: o.bestBlockRequestIntervalMs,
    replyWindowMs: o.bestBlockReplyWindowMs,
    maxRepliesPerRequest: o.bestBlockMaxReplies,
  })
  const statuses =
    deps.statuses ??
    new NodeStatusBook({ clock }, { maxNodes: o.nodeStatusMaxNodes, expiryMs: o.nodeStatusExpiryMs })
  const rules = new AnnouncementRules({ replay, allowPrivateDataHubUrls: o.allowPrivateDataHubUrls })
  const effects = new AfterVerdict({
    limit: o.afterVerdictLimit,
    run: effectRunner({ handoff, responder, standing, statuses, sink, metrics, logger, clock, trace }),
  })
  const router = new GossipRouter({
    selfId,
    wire: network.wire,
    guard,
    metrics,
    clock,
    trace,
    gate: new GossipGate({ standing, effects, limits: gossipLimits, load: deps.load, overloadLimits }),
    rules,
    effects,
    requests: limiter(o.bestBlockRequestRate),
  })
  const direct = new DirectHandler({ selfId, guard, handoff, requester, standing, rules })
  const statusAnnouncer = new NodeStatusAnnouncer(
    { wire: network.wire, network, headers, publisher, tasks, clock, selfId },
    {
      intervalMs: o.nodeStatusIntervalMs,
      clientName: o.clientName,
      version: o.version,
      commitHash: o.commitHash,
      baseUrl: o.dataHubUrl,
      propagationUrl: o.propagationUrl,
      listenMode: o.listenMode,
    },
  )
  const chainAnnouncer = new ChainAnnouncer({
    wire: network.wire,
    announces: o.listenMode === 'full',
    onBlock: () => statusAnnouncer.newBlock(),
    headers,
    publisher,
    guard,
    trace,
    peerId: selfId,
    dataHubUrl: o.dataHubUrl,
    queueLimit: o.announceQueueLimit,
  })
  const rejectedTxAnnouncer = new RejectedTxAnnouncer({
    wire: network.wire,
    announces: o.listenMode === 'full',
    publisher,
    guard,
    peerId: selfId,
    queueLimit: o.announceQueueLimit,
    clock,
    metrics,
    logger,
    rate: o.rejectedTxPublishRate,
  })
  return {
    guard,
    tasks,
    handoff,
    responder,
    requester,
    router,
    effects,
    direct,
    chainAnnouncer,
    rejectedTxAnnouncer,
    statuses,
    statusAnnouncer,
  }
}

/** A port that throws when asked how it is counts as not up: it is certainly not followable. */
function chainIsUp(chain: ChainNotifier): boolean {
  try {
    return chain.status().state === 'up'
  } catch {
    return false
  }
}
