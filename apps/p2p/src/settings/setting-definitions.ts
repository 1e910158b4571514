import { LISTEN_MODES } from '@p2p/domain'
import { z } from 'zod'
import {
  bool,
  bootstrapList,
  dataHubUrl,
  fraction,
  grpcAddress,
  hostPort,
  int,
  multiaddrList,
  nonBlankList,
  oneOf,
  optional,
  optionalBool,
  optionalOneOf,
  peerList,
  topic,
} from './setting-values.js'

/**
 * Every setting the service reads, declared once: the reference's names and defaults (spec §7
 * and the wire facts), plus the ones our adapters add. The schema, `--help` and the README's
 * table are all derived from this list, so a key cannot be known to one and missing from another.
 */
export interface SettingDeclaration {
  /** Reads the setting's text (files and environment give text) into the value the app uses. */
  readonly schema: z.ZodType<unknown, string | undefined>
  /**
   * The default as text, read by the schema like any value an operator writes, so a default
   * cannot be one the schema would refuse. Absent: unset (for a node-service address: embedded).
   */
  readonly default?: string
  /** What `--help` and the README show as the default, when the text alone would mislead. */
  readonly shownDefault?: string
  /** One line; it is a table cell in the README. */
  readonly meaning: string
}

/** The networks of today's reference, each with its own topics (`teranode/bitcoin/1.0.0/<network>-…`). */
export const TERANODE_NETWORKS = ['mainnet', 'testnet', 'stn', 'regtest', 'teratestnet', 'tstn'] as const

export const SETTINGS = {
  p2p_wire_profile: {
    schema: oneOf(['spec2024', 'teranode']),
    default: 'spec2024',
    meaning:
      "the dialect spoken: the spec's (PSK, five topics) or today's Teranode networks' (envelopes, node status)",
  },
  p2p_network: {
    schema: oneOf(TERANODE_NETWORKS),
    default: 'mainnet',
    meaning: 'teranode profile: the network joined; topics are teranode/bitcoin/1.0.0/<network>-<kind>',
  },
  clientName: {
    // What the reference keeps of a peer's name: printable ASCII without HTML characters.
    schema: z.string().regex(/^[\x20-\x21\x23-\x25\x28-\x3b\x3d\x3f-\x5f\x61-\x7e]{1,64}$/, {
      error: 'expected 1 to 64 printable ASCII characters, none of <>&"\' or backtick',
    }),
    default: 'teranode-p2p-ts',
    meaning: 'our name in node statuses and, on the teranode wire, in every envelope',
  },
  listen_mode: {
    schema: oneOf(LISTEN_MODES),
    default: 'full',
    meaning: 'full announces; listen_only announces nothing but its status; silent not even that',
  },
  p2p_ip: {
    schema: z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' }),
    default: '0.0.0.0',
    meaning: 'IP address the libp2p TCP listener binds to',
  },
  p2p_port: {
    schema: int(0, 65_535),
    default: '9905',
    meaning: 'libp2p TCP port (0 picks one)',
  },
  p2p_websocket_port: {
    schema: optional.pipe(z.union([z.undefined(), int(0, 65_535)])),
    meaning: 'libp2p websockets listener port; off when unset',
  },
  p2p_topic_prefix: {
    schema: topic,
    default: 'github.com/bitcoin-sv/ubsv',
    meaning: 'prefix of every gossip topic name',
  },
  p2p_block_topic: {
    schema: topic,
    default: 'block',
    meaning: 'block topic (joined to the prefix with "-")',
  },
  p2p_subtree_topic: {
    schema: topic,
    default: 'subtree',
    meaning: 'subtree topic',
  },
  p2p_bestblock_topic: {
    schema: topic,
    default: 'bestblock',
    meaning: 'best-block request topic',
  },
  p2p_mining_on_topic: {
    schema: topic,
    default: 'miningon',
    meaning: 'mining-on topic',
  },
  p2p_rejected_tx_topic: {
    schema: topic,
    default: 'rejected_tx',
    meaning: 'rejected transaction topic',
  },
  p2p_dht_use_private: {
    schema: bool,
    default: 'false',
    meaning: 'private network: PSK protector and a private DHT',
  },
  p2p_shared_key: {
    schema: optional,
    meaning: 'private network key, 64 hex chars; only with p2p_dht_use_private',
  },
  p2p_dht_protocol_id: {
    schema: z.string().regex(/^\/[\w.\-/]*[\w.-]$/, 'expected a protocol prefix like /ubsv'),
    default: '/ubsv',
    meaning: 'private DHT protocol prefix (<id>/kad/1.0.0)',
  },
  p2p_bootstrapAddresses: {
    schema: bootstrapList,
    default: '',
    meaning: '|-separated multiaddrs (with /p2p/<id>) or /dnsaddr/<domain> entries dialled first',
  },
  p2p_bootstrap_peers: {
    schema: bootstrapList,
    default: '',
    meaning: "today's reference's name for the bootstrap list; both lists are used",
  },
  p2p_dht_mode: {
    schema: optionalOneOf(['off', 'client', 'server']),
    shownDefault: 'off (teranode), the spec DHT (spec2024)',
    meaning: 'off: no DHT; client: look the topic rendezvous up; server: also serve DHT records',
  },
  p2p_advertise_addresses: {
    schema: multiaddrList,
    default: '',
    meaning: '|-separated multiaddrs announced instead of the ones we listen on',
  },
  p2p_share_private_addresses: {
    schema: optionalBool,
    shownDefault: 'false (teranode), true (spec2024)',
    meaning: 'whether private and loopback addresses are announced to peers',
  },
  p2p_static_peers: {
    schema: peerList,
    default: '',
    meaning: '|-separated multiaddrs always dialled and redialled',
  },
  p2p_optimise_retries: {
    schema: bool,
    default: 'false',
    meaning: 'stop dialling peers with no good addresses or a wrong id',
  },
  p2p_private_key: {
    schema: optional,
    default: '',
    meaning: 'hex of the 64-byte Ed25519 key; wins over the key file',
  },
  p2p_peer_cache_dir: {
    schema: z.string().min(1, 'must not be empty'),
    default: './data',
    meaning: 'data directory: the p2p.key identity file, bans.json and (teranode) peer_cache.json',
  },
  p2p_allow_private_ips: {
    schema: bool,
    default: 'false',
    meaning:
      'accept data hub URLs on private addresses; teranode: also connect to and from them (test networks only)',
  },
  p2p_ban_threshold: {
    schema: int(1, 1_000_000),
    default: '100',
    meaning: 'ban score at which a peer is banned',
  },
  p2p_ban_duration_ms: {
    schema: int(1_000, 365 * 86_400_000),
    default: '86400000',
    meaning: 'how long a ban lasts (kept across restarts)',
  },
  p2p_gossip_rate_block: {
    schema: int(1, 1_000_000),
    default: '20',
    meaning: 'block messages/s accepted per author (burst twice that; more is ignored, a flood banned)',
  },
  p2p_gossip_rate_subtree: {
    schema: int(1, 1_000_000),
    default: '2000',
    meaning: 'subtree messages/s accepted per author (burst twice that)',
  },
  p2p_gossip_rate_mining_on: {
    schema: int(1, 1_000_000),
    default: '20',
    meaning: 'mining-on messages/s accepted per author (burst twice that)',
  },
  p2p_gossip_rate_rejected_tx: {
    schema: int(1, 1_000_000),
    default: '200',
    meaning: 'rejected-tx messages/s accepted per author (burst twice that)',
  },
  p2p_gossip_rate_bestblock: {
    schema: int(1, 1_000_000),
    default: '2',
    meaning: 'best-block requests/s accepted per author (burst twice that)',
  },
  p2p_gossip_rate_node_status: {
    schema: int(1, 1_000_000),
    default: '5',
    meaning: 'node statuses/s accepted per author on the teranode wire (burst twice that)',
  },
  p2p_direct_protocol_id: {
    schema: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'expected a protocol id without spaces'),
    default: 'ubsv/bitcoin/1.0.0',
    meaning: 'protocol of the direct best-block stream',
  },
  p2p_httpListenAddress: {
    schema: hostPort,
    default: ':9906',
    meaning: 'HTTP address: dashboard, /health, /metrics, /ws',
  },
  securityLevelHTTP: {
    schema: int(0, 10),
    default: '0',
    meaning: 'non-zero: serve HTTPS and announce https data hub URLs',
  },
  server_certFile: {
    schema: z.string(),
    default: '',
    meaning: 'TLS certificate file (when securityLevelHTTP != 0)',
  },
  server_keyFile: {
    schema: z.string(),
    default: '',
    meaning: 'TLS key file (when securityLevelHTTP != 0)',
  },
  p2p_ws_max_clients: {
    schema: int(1, 1_000_000),
    default: '1000',
    meaning: 'websocket clients accepted at once',
  },
  p2p_ws_allowed_origins: {
    schema: nonBlankList,
    default: '',
    meaning: '|-separated Origin values allowed on /ws; any when empty',
  },
  p2p_http_max_connections: {
    schema: int(1, 1_000_000),
    default: '1200',
    meaning: 'sockets held at once on the HTTP port, websockets included',
  },
  p2p_heap_growing_percent: {
    schema: int(0, 1_000),
    default: '50',
    meaning: "heap may grow this % above what GC leaves live; 0 = V8's own rule",
  },
  p2p_status_detail: {
    schema: bool,
    default: 'false',
    meaning: "show node services' error text and addresses on /health and /status",
  },
  asset_httpAddress: {
    schema: dataHubUrl,
    default: 'http://localhost:8090/api/v1',
    meaning: 'our data hub URL, sent in announcements; no user:password@',
  },
  blockchain_grpcAddress: {
    schema: grpcAddress,
    meaning: 'blockchain service host:port; unset = the embedded simulated chain',
  },
  blockvalidation_grpcAddress: {
    schema: grpcAddress,
    meaning: 'block validation host:port; unset = embedded (records calls)',
  },
  validator_grpcAddress: {
    schema: grpcAddress,
    meaning: 'validator host:port; unset = embedded (simulated rejections)',
  },
  p2p_best_block_request_interval_ms: {
    schema: int(0, 86_400_000),
    default: '30000',
    meaning: 'least time between best-block requests',
  },
  sim_block_interval_ms: {
    schema: int(1, 86_400_000),
    default: '10000',
    meaning: 'embedded chain: time between blocks',
  },
  sim_subtree_interval_ms: {
    schema: int(1, 86_400_000),
    default: '1000',
    meaning: 'embedded chain: time between subtrees',
  },
  sim_rejected_tx_interval_ms: {
    schema: int(0, 86_400_000),
    default: '7000',
    meaning: 'embedded chain: time between rejected txs (0 = none)',
  },
  logLevel: {
    schema: z
      .string()
      .transform((text) => text.toLowerCase())
      .pipe(z.enum(['debug', 'info', 'warn', 'error'], { error: 'expected DEBUG, INFO, WARN or ERROR' })),
    default: 'INFO',
    meaning: 'DEBUG, INFO, WARN or ERROR',
  },
  p2p_log_format: {
    schema: z.enum(['json', 'pretty'], { error: 'expected json or pretty' }),
    default: 'json',
    meaning: 'json, or pretty for a terminal',
  },
  p2p_trace_sample_rate: {
    schema: fraction,
    default: '0',
    meaning:
      'share of messages whose stage times are kept for /debug/trace (by hash, the same at every node); 0 = off',
  },
  p2p_shutdown_timeout_ms: {
    schema: int(100, 600_000),
    default: '4000',
    meaning: 'how long a stop may take before in-flight work is abandoned',
  },
} satisfies Record<string, SettingDeclaration>

export type SettingKey = keyof typeof SETTINGS

export interface SettingDefinition extends SettingDeclaration {
  readonly key: SettingKey
}

/** The declarations in order, with their keys: what loading, `--help` and the README walk. */
export const SETTING_DEFINITIONS: readonly SettingDefinition[] = Object.entries(SETTINGS).map(
  ([key, declaration]) => ({ key: key as SettingKey, ...declaration }),
)

export const SETTING_KEYS: ReadonlySet<string> = new Set(SETTING_DEFINITIONS.map((d) => d.key))
