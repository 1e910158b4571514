/**
 * Every setting the service reads: the reference's names and defaults (spec §7 and the wire
 * facts), plus the ones our adapters add. `--help` prints this table; the README shows it too.
 */
export interface SettingDefinition {
  readonly key: string
  /** Text form of the default; undefined = unset (for the node-service addresses: embedded). */
  readonly default?: string
  readonly meaning: string
}

export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  { key: 'p2p_ip', default: '0.0.0.0', meaning: 'IP address the libp2p TCP listener binds to' },
  { key: 'p2p_port', default: '9905', meaning: 'libp2p TCP port (0 picks one)' },
  { key: 'p2p_websocket_port', meaning: 'libp2p websockets listener port; off when unset' },
  {
    key: 'p2p_topic_prefix',
    default: 'github.com/bitcoin-sv/ubsv',
    meaning: 'prefix of every gossip topic name',
  },
  { key: 'p2p_block_topic', default: 'block', meaning: 'block topic (joined to the prefix with "-")' },
  { key: 'p2p_subtree_topic', default: 'subtree', meaning: 'subtree topic' },
  { key: 'p2p_bestblock_topic', default: 'bestblock', meaning: 'best-block request topic' },
  { key: 'p2p_mining_on_topic', default: 'miningon', meaning: 'mining-on topic' },
  { key: 'p2p_rejected_tx_topic', default: 'rejected_tx', meaning: 'rejected transaction topic' },
  {
    key: 'p2p_dht_use_private',
    default: 'false',
    meaning: 'private network: PSK protector and a private DHT',
  },
  { key: 'p2p_shared_key', meaning: 'private network key, 64 hex chars; only with p2p_dht_use_private' },
  { key: 'p2p_dht_protocol_id', default: '/ubsv', meaning: 'private DHT protocol prefix (<id>/kad/1.0.0)' },
  {
    key: 'p2p_bootstrapAddresses',
    default: '',
    meaning: '|-separated multiaddrs (with /p2p/<id>) dialled first',
  },
  { key: 'p2p_static_peers', default: '', meaning: '|-separated multiaddrs always dialled and redialled' },
  {
    key: 'p2p_optimise_retries',
    default: 'false',
    meaning: 'stop dialling peers with no good addresses or a wrong id',
  },
  { key: 'p2p_private_key', default: '', meaning: 'hex of the 64-byte Ed25519 key; wins over the key file' },
  {
    key: 'p2p_peer_cache_dir',
    default: './data',
    meaning: 'data directory: the p2p.key identity file and bans.json',
  },
  {
    key: 'p2p_allow_private_ips',
    default: 'false',
    meaning: 'accept data hub URLs on loopback/private addresses (private test networks only)',
  },
  { key: 'p2p_ban_threshold', default: '100', meaning: 'ban score at which a peer is banned' },
  { key: 'p2p_ban_duration_ms', default: '86400000', meaning: 'how long a ban lasts (kept across restarts)' },
  {
    key: 'p2p_gossip_rate_block',
    default: '20',
    meaning: 'block messages/s accepted per author (burst twice that; more is ignored, a flood banned)',
  },
  {
    key: 'p2p_gossip_rate_subtree',
    default: '2000',
    meaning: 'subtree messages/s accepted per author (burst twice that)',
  },
  {
    key: 'p2p_gossip_rate_mining_on',
    default: '20',
    meaning: 'mining-on messages/s accepted per author (burst twice that)',
  },
  {
    key: 'p2p_gossip_rate_rejected_tx',
    default: '200',
    meaning: 'rejected-tx messages/s accepted per author (burst twice that)',
  },
  {
    key: 'p2p_gossip_rate_bestblock',
    default: '2',
    meaning: 'best-block requests/s accepted per author (burst twice that)',
  },
  {
    key: 'p2p_direct_protocol_id',
    default: 'ubsv/bitcoin/1.0.0',
    meaning: 'protocol of the direct best-block stream',
  },
  {
    key: 'p2p_httpListenAddress',
    default: ':9906',
    meaning: 'HTTP address: dashboard, /health, /metrics, /ws',
  },
  {
    key: 'securityLevelHTTP',
    default: '0',
    meaning: 'non-zero: serve HTTPS and announce https data hub URLs',
  },
  { key: 'server_certFile', default: '', meaning: 'TLS certificate file (when securityLevelHTTP != 0)' },
  { key: 'server_keyFile', default: '', meaning: 'TLS key file (when securityLevelHTTP != 0)' },
  { key: 'p2p_ws_max_clients', default: '1000', meaning: 'websocket clients accepted at once' },
  {
    key: 'p2p_ws_allowed_origins',
    default: '',
    meaning: '|-separated Origin values allowed on /ws; any when empty',
  },
  {
    key: 'p2p_http_max_connections',
    default: '1200',
    meaning: 'sockets held at once on the HTTP port, websockets included',
  },
  {
    key: 'p2p_heap_growing_percent',
    default: '50',
    meaning: "heap may grow this % above what GC leaves live; 0 = V8's own rule",
  },
  {
    key: 'p2p_status_detail',
    default: 'false',
    meaning: "show node services' error text and addresses on /health and /status",
  },
  {
    key: 'asset_httpAddress',
    default: 'http://localhost:8090/api/v1',
    meaning: 'our data hub URL, sent in announcements; no user:password@',
  },
  {
    key: 'blockchain_grpcAddress',
    meaning: 'blockchain service host:port; unset = the embedded simulated chain',
  },
  {
    key: 'blockvalidation_grpcAddress',
    meaning: 'block validation host:port; unset = embedded (records calls)',
  },
  { key: 'validator_grpcAddress', meaning: 'validator host:port; unset = embedded (simulated rejections)' },
  {
    key: 'p2p_best_block_request_interval_ms',
    default: '30000',
    meaning: 'least time between best-block requests',
  },
  { key: 'sim_block_interval_ms', default: '10000', meaning: 'embedded chain: time between blocks' },
  { key: 'sim_subtree_interval_ms', default: '1000', meaning: 'embedded chain: time between subtrees' },
  {
    key: 'sim_rejected_tx_interval_ms',
    default: '7000',
    meaning: 'embedded chain: time between rejected txs (0 = none)',
  },
  { key: 'logLevel', default: 'INFO', meaning: 'DEBUG, INFO, WARN or ERROR' },
  { key: 'p2p_log_format', default: 'json', meaning: 'json, or pretty for a terminal' },
  {
    key: 'p2p_shutdown_timeout_ms',
    default: '4000',
    meaning: 'how long a stop may take before in-flight work is abandoned',
  },
]

export const SETTING_KEYS: ReadonlySet<string> = new Set(SETTING_DEFINITIONS.map((d) => d.key))
