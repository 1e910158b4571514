import { type GossipsubOpts, StrictSign } from '@libp2p/gossipsub'
import type { PeerScoreParams, PeerScoreThresholds, TopicScoreParams } from '@libp2p/gossipsub/score'
import type { NetworkConfig } from '../config/network-config.js'
import { fastMessageId, goMessageId, messageIdToString } from './message-id.js'

/** go-libp2p-pubsub's default cap on one RPC (DefaultMaxMessageSize). */
export const GOSSIP_MAX_MESSAGE_BYTES = 1024 * 1024

/** Score counters decay once a second (the library's minimum), and a counter below 0.01 is zero. */
const DECAY_INTERVAL_MS = 1_000
const DECAY_TO_ZERO = 0.01

/** The per-interval decay factor that takes a counter from 1 to "zero" in `ms` (go's ScoreParameterDecay). */
export function decayOver(ms: number): number {
  return DECAY_TO_ZERO ** (DECAY_INTERVAL_MS / ms)
}

const MINUTE_MS = 60_000

/**
 * Gossipsub v1.1 scores for a small private network, where every peer holds the PSK: the point is to
 * stop relaying for a peer that keeps sending what our validator REJECTs, not to fight Sybils.
 * The arithmetic: good history is worth at most +2 a topic, +10 in all; n REJECTed messages on a
 * topic cost n². A new peer leaves our mesh after one, any peer after four; eight put it below
 * the publish threshold. Graylisting (its traffic dropped unread) waits until thirteen: the core
 * bans a peer for ten invalid messages (10 × +10), and it can only count messages it still sees,
 * so the ban, which disconnects and persists, comes first. Graylisting is the backstop for
 * offences the core does not penalise, or a node run without bans.
 */
export const GOSSIP_TOPIC_SCORE: TopicScoreParams = {
  // The five topics count alike: a REJECT means the same on each.
  topicWeight: 1,
  // P1: +0.2 a minute in the mesh, at most +1 (after 5 min); stable peers are kept slightly longer.
  timeInMeshWeight: 0.2,
  timeInMeshQuantum: MINUTE_MS,
  timeInMeshCap: 5,
  // P2: +0.1 per first delivery, at most +1, forgotten over an hour; a mild reward (blocks are minutes apart).
  firstMessageDeliveriesWeight: 0.1,
  firstMessageDeliveriesDecay: decayOver(60 * MINUTE_MS),
  firstMessageDeliveriesCap: 10,
  // P3 off: with a handful of peers and bursty traffic (a block every ~10 minutes), "too few
  // deliveries from a mesh peer" is the normal state and would prune honest peers.
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: 0.5,
  meshMessageDeliveriesCap: 100,
  meshMessageDeliveriesThreshold: 1,
  meshMessageDeliveriesWindow: 10,
  meshMessageDeliveriesActivation: 5_000,
  // P3b off: it only carries P3's penalty past a prune.
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: 0.5,
  // P4: -1 × n² for n REJECTed messages, forgotten over 10 minutes: one bad message costs a new
  // peer its mesh place for minutes; the square makes a repeat offender sink fast.
  invalidMessageDeliveriesWeight: -1,
  invalidMessageDeliveriesDecay: decayOver(10 * MINUTE_MS),
}

export function gossipScoreParams(topicNames: readonly string[]): PeerScoreParams {
  return {
    topics: Object.fromEntries(topicNames.map((topic) => [topic, GOSSIP_TOPIC_SCORE])),
    // Good history buys at most +10 (the sum of the per-topic caps): it forgives three invalid messages, not four.
    topicScoreCap: 10,
    // P5 off: the core's verdicts reach gossipsub as REJECTs (P4) and as bans (the connection gater).
    appSpecificScore: () => 0,
    appSpecificWeight: 0,
    // P6 off: nodes share a host in tests and in docker, and NAT puts honest nodes behind one
    // address; in a PSK network a Sybil needs the key anyway.
    IPColocationFactorWeight: 0,
    IPColocationFactorThreshold: 10,
    IPColocationFactorWhitelist: new Set(),
    // P7 on: -10 × (n - 6)² for GRAFTs during backoff and broken IWANT promises; six are tolerated
    // (network hiccups), ten graylist. Forgotten over 10 minutes.
    behaviourPenaltyWeight: -10,
    behaviourPenaltyThreshold: 6,
    behaviourPenaltyDecay: decayOver(10 * MINUTE_MS),
    decayInterval: DECAY_INTERVAL_MS,
    decayToZero: DECAY_TO_ZERO,
    // A peer that leaves keeps its score for an hour: reconnecting does not wash a bad one.
    retainScore: 60 * MINUTE_MS,
  }
}

/** The thresholds below the PX one, which is the same in both kinds of network. */
export const GOSSIP_SCORE_THRESHOLDS: Omit<PeerScoreThresholds, 'acceptPXThreshold'> = {
  // Below this no IHAVE/IWANT with the peer: four invalid messages from a new peer, five from an established one.
  gossipThreshold: -10,
  // Below this our publications skip the peer: eight invalid messages.
  publishThreshold: -50,
  // Below this everything the peer sends is dropped unread: thirteen invalid messages, after the
  // core's ban (ten, more if they straddle a minute of decay) had its turn; see GOSSIP_TOPIC_SCORE.
  graylistThreshold: -150,
  // Honest mesh peers reach +1 within minutes; below that median the mesh is topped up with better peers.
  opportunisticGraftThreshold: 1,
}

/**
 * Peers named in one PRUNE's peer exchange, and the most we dial at once on such suggestions
 * (see guardPeerExchange). Eight, as the default Dhi: enough to refill a mesh to D when some of
 * them refuse, without the library's 16-peer dial burst per pruned topic.
 */
export const GOSSIP_PX_PEERS = 8

/**
 * Peer exchange (PX): a peer that prunes us from its mesh names other peers of the topic, so a node
 * pruned by its only peer (typically the bootstrap node, whose mesh is full) is not left without
 * mesh peers until discovery finds it others.
 *
 * In a private network PX is on and accepted from any peer whose score is not negative (0 is the
 * score of a peer with no history, such as the bootstrap node at startup). Everyone who can reach
 * us holds the PSK: membership is the trust, as for IP colocation. A peer that sent us even one
 * invalid message (P4) or misbehaved past the tolerated GRAFT/IWANT slips (P7) is below zero and
 * its lists are ignored; the library itself never gives a list to a peer with a negative score, one
 * that GRAFTs during its backoff, or one that asked about a topic we do not run. What an accepted
 * list can make us do is bounded: at most GOSSIP_PX_PEERS dials per PRUNE and at once
 * (guardPeerExchange), each through the ban gater; a suggested peer's addresses are used only if
 * its signed peer record checks out.
 *
 * In a public network PX stays off and no list is trusted (the threshold is above the +10 cap):
 * there an identity costs nothing, and peer lists from strangers would let Sybils choose whom we
 * connect to (an eclipse).
 */
export function gossipScoreThresholds(privateNetwork: boolean): PeerScoreThresholds {
  return { ...GOSSIP_SCORE_THRESHOLDS, acceptPXThreshold: privateNetwork ? 0 : 100 }
}

/**
 * Gossipsub settings that interoperate with the Go peers and suit small private networks.
 * Each choice is one the reference network depends on; see docs/architecture.md.
 */
export function gossipOptions(config: NetworkConfig): Partial<GossipsubOpts> {
  const topicNames = Object.values(config.topicNames)
  const privateNetwork = config.privateNetwork !== undefined
  return {
    // Go's default policy; Go peers reject unsigned messages, and the signed author is what the
    // service compares with the payload's PeerId.
    globalSignaturePolicy: StrictSign,
    // Go's message id (author, then sequence number), so IHAVE, IWANT and IDONTWANT name the
    // same message on both sides; and the same id from the raw fields, so a copy of a message
    // already seen is dropped before its signature is verified again.
    msgIdFn: goMessageId,
    fastMsgIdFn: fastMessageId,
    msgIdToStrFn: messageIdToString,
    // Go delivers our own publications to our own subscription, and the spec relies on it
    // (own blocks reach the websocket).
    emitSelf: true,
    // A lone node (or one whose peers have not subscribed yet) still publishes and still sees its
    // own message, instead of failing with NoPeersSubscribedToTopic.
    allowPublishToZeroTopicPeers: true,
    // Only gossipsub: a floodsub peer would receive every message without mesh control.
    fallbackToFloodsub: false,
    floodPublish: true,
    ...config.mesh,
    maxInboundDataLength: GOSSIP_MAX_MESSAGE_BYTES,
    // Subscriptions to other topics are not tracked: a peer cannot make us keep state for them.
    allowedTopics: topicNames,
    doPX: privateNetwork,
    prunePeers: GOSSIP_PX_PEERS,
    scoreParams: gossipScoreParams(topicNames),
    scoreThresholds: gossipScoreThresholds(privateNetwork),
    // yamux buffers without limit by default: a peer that stops reading would grow our memory
    // with every message. Past this the stream to it is aborted instead, and the guard in
    // stalled-peer-guard.ts closes the connection so the peer is not left deaf.
    maxOutboundBufferSize: config.gossipOutboundBufferBytes,
    // Gossipsub uses one long-lived stream per direction per connection; the slack covers a stream
    // replaced before the old one closed, and a peer cannot make us hold libp2p's default of 32.
    maxInboundStreams: 4,
    maxOutboundStreams: 4,
    awaitRpcHandler: true,
    awaitRpcMessageHandler: true,
  }
}
