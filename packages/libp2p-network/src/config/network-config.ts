import { buildTopicNames, type Offence, P2PError, TOPIC_KINDS, type TopicKind } from '@p2p/domain'
import { z } from 'zod'
import { bootstrapAddressProblem, peerAddressProblem } from './peer-address.js'

/** Spec-era protocol id of the direct best-block stream (no leading slash, as the reference has it). */
export const SPEC_ERA_DIRECT_PROTOCOL = 'ubsv/bitcoin/1.0.0'
/** Spec-era `p2p_dht_protocol_id`: the private DHT speaks `/ubsv/kad/1.0.0`. */
export const SPEC_ERA_DHT_PROTOCOL_PREFIX = '/ubsv'

const peerMultiaddrText = z.string().superRefine((text, context) => {
  const problem = peerAddressProblem(text)
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem })
})

const bootstrapMultiaddrText = z.string().superRefine((text, context) => {
  const problem = bootstrapAddressProblem(text)
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem })
})

const port = z.number().int().min(0).max(65_535)
const positiveMs = z.number().int().positive()

// The kinds named are the ones the wire format carries; the network checks that they match.
const topicNamesSchema = z
  .partialRecord(z.enum(TOPIC_KINDS), z.string().min(1).max(512))
  .transform((names) => names as Partial<Record<TopicKind, string>>)
  .refine((names) => new Set(Object.values(names)).size === Object.keys(names).length, {
    message: 'two topic kinds share a topic name',
  })

/**
 * Gossipsub mesh degrees. The defaults suit the small private networks Teranode runs (a handful
 * of peers): with the library's D=6/Dlo=4, a node with two or three peers would stay
 * "under-subscribed" forever and keep trying to graft peers that do not exist.
 */
const meshSchema = z
  .object({
    D: z.number().int().min(1).default(4),
    Dlo: z.number().int().min(1).default(2),
    Dhi: z.number().int().min(1).default(8),
    Dout: z.number().int().min(0).default(1),
    Dscore: z.number().int().min(0).default(2),
    Dlazy: z.number().int().min(0).default(6),
  })
  .refine((m) => m.Dlo <= m.D && m.D <= m.Dhi, { message: 'mesh degrees need Dlo <= D <= Dhi' })
  .refine((m) => m.Dout < m.Dlo && m.Dout <= m.D / 2, { message: 'Dout must be below Dlo and at most D/2' })

/** The reference's ban-score weights: invalid block/subtree +10, protocol violation +20, spam +50. */
const DEFAULT_OFFENCE_SCORES: Readonly<Record<Offence, number>> = {
  invalid_message: 10,
  protocol_violation: 20,
  spam: 50,
}

const offenceScore = z.number().nonnegative().finite()

const networkConfigFields = z.object({
  /** `p2p_ip` / `p2p_port`; port 0 picks a free one. */
  listen: z.object({
    ip: z.union([z.ipv4(), z.ipv6()]),
    port,
    /** Second listener for the libp2p websockets transport; off when absent. */
    websocketPort: port.optional(),
  }),
  topicNames: topicNamesSchema.default(buildTopicNames().byKind),
  /** `p2p_dht_use_private`: a PSK-protected network with its own DHT protocol; absent = public DHT. */
  privateNetwork: z
    .object({
      /** `p2p_shared_key`: 64 hex chars (or the v1 swarm key-file text). Validated by the protector. */
      sharedKey: z.string().min(1),
      /** `p2p_dht_protocol_id`; the DHT protocol is `<prefix>/kad/1.0.0`. */
      dhtProtocolPrefix: z
        .string()
        .regex(/^\/[\w.\-/]*[\w.-]$/, 'a protocol prefix starts with / and does not end with /')
        .default(SPEC_ERA_DHT_PROTOCOL_PREFIX),
    })
    .optional(),
  /** `p2p_bootstrapAddresses`, already split on `|`; `/dnsaddr/` entries are resolved at start. */
  bootstrapAddresses: z.array(bootstrapMultiaddrText).default([]),
  /** `p2p_static_peers`, already split on `|`: always dialled, redialled whenever they drop. */
  staticPeers: z.array(peerMultiaddrText).default([]),
  /** `p2p_optimise_retries`: stop dialling peers that failed for "no good addresses" or a peer id mismatch. */
  optimiseRetries: z.boolean().default(false),
  directProtocol: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'a protocol id is printable ASCII without spaces')
    .default(SPEC_ERA_DIRECT_PROTOCOL),
  /** How often discovery looks for providers of each topic (the reference: 5 s). */
  discoveryIntervalMs: positiveMs.default(5_000),
  /** How often our own topic rendezvous records are renewed once they were placed. */
  advertiseIntervalMs: positiveMs.default(60_000),
  /**
   * The DHT: `off` runs none (peers come from bootstrap and static peers, gossipsub peer exchange
   * and the address exchange), `client` looks the topic rendezvous up without serving records,
   * `server` also serves them. Absent: the spec era's choice, a server in a private network and
   * libp2p's automatic mode on the public DHT.
   */
  dhtMode: z.enum(['off', 'client', 'server']).optional(),
  /**
   * When set, bootstrap peers are kept connected like static peers, and both are redialled on
   * this steady schedule instead of the backoff (today's Teranode networks: every 5 s for the
   * first 2 minutes, then every 30 s).
   */
  peerRedial: z
    .object({ everyMs: positiveMs, forMs: z.number().int().nonnegative(), thenEveryMs: positiveMs })
    .optional(),
  /**
   * `p2p_allow_private_ips=false` for connections: no dial to, and no connection from, a
   * private, loopback, link-local or carrier-grade-NAT address.
   */
  refusePrivateAddresses: z.boolean().default(false),
  /** `p2p_advertise_addresses`: the addresses we announce instead of the ones we listen on. */
  announceAddresses: z.array(z.string().min(1)).default([]),
  /** `p2p_share_private_addresses`: whether private addresses are announced (identify, DHT). */
  announcePrivateAddresses: z.boolean().default(true),
  /**
   * Soft connection marks: past `high`, the oldest connections that are not topic, static or
   * bootstrap peers and are older than the grace are closed down to `low`. Absent: only the
   * hard cap (`maxConnections`).
   */
  connectionMarks: z
    .object({ low: z.number().int().positive(), high: z.number().int().positive(), graceMs: positiveMs })
    .refine((m) => m.low <= m.high, { message: 'connection marks need low <= high' })
    .optional(),
  /**
   * The address exchange of today's networks (`/p2p-msg-bus/peer-addr-request/1.0.0` and 1.1.0):
   * served, and with the DHT off also used, every 15 s, to find the authors we hear from but are
   * not connected to.
   */
  addressExchange: z.boolean().default(false),
  /** How often the address exchange looks for unconnected authors (today's networks: 15 s). */
  addressExchangeIntervalMs: positiveMs.default(15_000),
  /**
   * `peer_cache.json` in `dataDir`: the topic peers we were connected to, dialled again at start
   * (entries older than 24 h dropped), as today's networks keep it.
   */
  peerCache: z.boolean().default(false),
  /** Static-peer redial backoff: doubles from the first delay up to the cap, forever. */
  staticPeerRedialMs: z
    .object({ initial: positiveMs.default(500), max: positiveMs.default(30_000) })
    .default({ initial: 500, max: 30_000 }),
  /** Deadline for reading one direct message to its end. */
  directReadTimeoutMs: positiveMs.default(10_000),
  /** PSK nonce exchange deadline. */
  protectorHandshakeTimeoutMs: positiveMs.default(5_000),
  /**
   * Connections one remote host may open per second. libp2p's default of 5 refuses the bursts
   * that several peers on one host (tests, a docker-compose) produce.
   */
  inboundConnectionThreshold: z.number().int().positive().default(100),
  maxConnections: z.number().int().positive().default(300),
  /**
   * Unfinished inbound upgrades libp2p holds for everyone at once (libp2p: 10). Ten silent
   * sockets filled libp2p's pool and refused every other dialler; with `admission` capping each
   * host, a larger pool takes many hosts to fill.
   */
  maxIncomingPendingConnections: z.number().int().positive().default(64),
  /**
   * Deadline for an inbound connection's whole upgrade: PSK nonces, noise, muxer (libp2p: 10 s).
   * A real peer needs a few round trips; a silent socket holds its slot until this passes.
   */
  inboundUpgradeTimeoutMs: positiveMs.default(5_000),
  /** Per-host and per-peer admission of inbound connections (`admission/admission-gater.ts`). */
  admission: z
    .object({
      /** Handshakes one remote IP may have under way at once: a real peer needs one or two. */
      maxPendingPerHost: z.number().int().positive().default(3),
      /** Inbound connections one remote IP may hold: room for a few nodes behind one NAT. */
      maxConnectionsPerHost: z.number().int().positive().default(10),
      /** Connections one peer id may hold: one, plus a simultaneous dial and a reconnect overlap. */
      maxConnectionsPerPeer: z.number().int().positive().default(3),
      /** Connection slots inbound connections never take, kept for peers we dial ourselves. */
      outboundReserve: z.number().int().nonnegative().default(30),
      /**
       * Whether the per-IP limits cover loopback too. Off: a loopback peer runs on our host, or
       * comes through a local proxy where every peer shares 127.0.0.1.
       */
      limitLoopback: z.boolean().default(false),
    })
    .default({
      maxPendingPerHost: 3,
      maxConnectionsPerHost: 10,
      maxConnectionsPerPeer: 3,
      outboundReserve: 30,
      limitLoopback: false,
    }),
  mesh: meshSchema.default({ D: 4, Dlo: 2, Dhi: 8, Dout: 1, Dscore: 2, Dlazy: 6 }),
  /**
   * Unsent gossip kept per peer (gossipsub's maxOutboundBufferSize): eight messages of the largest
   * size. Past it the stream to the peer is reset and the connection closed (see StalledPeerGuard);
   * tests lower it to stall a peer cheaply.
   */
  gossipOutboundBufferBytes: z
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  /**
   * Whom a REJECTed message costs gossipsub score (P4). `author`: only a peer that sent us its own
   * bad message; one relayed by another peer is IGNOREd instead, and the author answers for it
   * through the ban score. Spec-era reference peers validate nothing before they relay, so blaming
   * the relay would prune honest Go peers for a stranger's junk, and gossipsub (which publishes to
   * its mesh only) would then stop carrying their own messages to us: the interop tests show it.
   * `relay`: gossipsub's own rule, for networks where every peer validates before relaying.
   */
  rejectBlames: z.enum(['author', 'relay']).default('author'),
  /**
   * libp2p's own `debug` logging (it reads its namespaces from `DEBUG` itself); off, libp2p gets a
   * logger that does nothing, which is cheaper (see node/quiet-logger.ts).
   */
  libp2pDebugLog: z.boolean().default(false),
  /** `p2p_peer_cache_dir`: bans survive restarts in `bans.json` here; absent = bans live in memory only. */
  dataDir: z.string().min(1).optional(),
  /** A peer whose ban score reaches this is banned (the reference: 100). */
  banThreshold: z.number().positive().finite().default(100),
  /** How long a ban lasts (the reference: 24 h). */
  banDurationMs: positiveMs.default(24 * 60 * 60 * 1000),
  /** Ban score forgiven per minute of good behaviour (the reference: 1); 0 never forgives. */
  banDecayPerMinute: z.number().nonnegative().finite().default(1),
  /** Peers whose score is remembered at most; the lowest scores are forgotten first. Bans are kept apart. */
  banMaxTrackedPeers: z.number().int().positive().default(10_000),
  /**
   * Peer-id bans held at most; past it the oldest is forgotten (and counted). Identities cost a
   * stranger nothing, so without a cap each throwaway one banned was memory and file kept for a day.
   */
  banMaxBans: z.number().int().positive().default(10_000),
  /**
   * This many distinct peer ids banned from one IP address within the ban duration ban the address
   * itself for the ban duration; 0 turns it off. Loopback is never banned unless
   * `banAddressLoopback` (tests and a docker-compose put every honest node on 127.0.0.1).
   */
  banAddressThreshold: z.number().int().nonnegative().default(3),
  banAddressLoopback: z.boolean().default(false),
  /**
   * DHT provider records held at most, and per provider. kad-dht keeps every ADD_PROVIDER for
   * 48 h with no limit; each node here provides one record per topic, so 10,000 serve 2,000 nodes.
   */
  dhtMaxProviderRecords: z.number().int().positive().default(10_000),
  dhtMaxProviderRecordsPerPeer: z.number().int().positive().default(64),
  /** DHT value records (PUT_VALUE; we use none ourselves) held at most. */
  dhtMaxValueRecords: z.number().int().positive().default(1_000),
  /** Ban score added per offence. */
  banOffenceScores: z
    .object({
      invalid_message: offenceScore.default(DEFAULT_OFFENCE_SCORES.invalid_message),
      protocol_violation: offenceScore.default(DEFAULT_OFFENCE_SCORES.protocol_violation),
      spam: offenceScore.default(DEFAULT_OFFENCE_SCORES.spam),
    })
    .default(DEFAULT_OFFENCE_SCORES),
})

export const networkConfigSchema = networkConfigFields.refine(
  (c) => c.admission.outboundReserve < c.maxConnections,
  {
    message: 'admission.outboundReserve must leave room below maxConnections',
    path: ['admission', 'outboundReserve'],
  },
)

/** What a caller gives Libp2pPeerNetwork; every field but `listen` has a default. */
export type Libp2pPeerNetworkOptions = z.input<typeof networkConfigSchema>
/**
 * The options parsed and defaulted: the configuration of the whole libp2p node, which the
 * adapter's parts (node, gossip, discovery, reputation) share.
 */
export type NetworkConfig = z.output<typeof networkConfigSchema>

/** Validates the adapter's settings; every problem is reported at once, as one invalid_config error. */
export function parseNetworkConfig(input: unknown): NetworkConfig {
  const parsed = networkConfigSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
  throw new P2PError('invalid_config', `invalid p2p network settings: ${problems.join('; ')}`, {
    context: { problems },
  })
}
