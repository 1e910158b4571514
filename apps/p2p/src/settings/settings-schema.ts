import { z } from 'zod'

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a whole number from ${min} to ${max}`)
const bool = z
  .string()
  .regex(/^(true|false|1|0)$/i, 'expected true or false')
  .transform((text) => /^(true|1)$/i.test(text))
const list = z.string().transform((text) =>
  text
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
)
const optional = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()))
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[\w.-]*):\d{1,5}$/, 'expected host:port')
const grpcAddress = optional.refine(
  (text) => text === undefined || /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}$/.test(text),
  'expected host:port',
)
const topic = z.string().min(1, 'must not be empty').max(256)

/** One schema for every setting, as text in (files and environment), typed values out. */
export const settingsSchema = z
  .object({
    p2p_ip: z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' }),
    p2p_port: int(0, 65_535),
    p2p_websocket_port: optional.pipe(z.union([z.undefined(), int(0, 65_535)])),
    p2p_topic_prefix: topic,
    p2p_block_topic: topic,
    p2p_subtree_topic: topic,
    p2p_bestblock_topic: topic,
    p2p_mining_on_topic: topic,
    p2p_rejected_tx_topic: topic,
    p2p_dht_use_private: bool,
    p2p_shared_key: optional,
    p2p_dht_protocol_id: z.string().regex(/^\/[\w.\-/]*[\w.-]$/, 'expected a protocol prefix like /ubsv'),
    p2p_bootstrapAddresses: list,
    p2p_static_peers: list,
    p2p_optimise_retries: bool,
    p2p_private_key: optional,
    p2p_peer_cache_dir: z.string().min(1, 'must not be empty'),
    p2p_allow_private_ips: bool,
    p2p_ban_threshold: int(1, 1_000_000),
    p2p_ban_duration_ms: int(1_000, 365 * 86_400_000),
    p2p_gossip_rate_block: int(1, 1_000_000),
    p2p_gossip_rate_subtree: int(1, 1_000_000),
    p2p_gossip_rate_mining_on: int(1, 1_000_000),
    p2p_gossip_rate_rejected_tx: int(1, 1_000_000),
    p2p_gossip_rate_bestblock: int(1, 1_000_000),
    p2p_direct_protocol_id: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'expected a protocol id without spaces'),
    p2p_httpListenAddress: hostPort,
    securityLevelHTTP: int(0, 10),
    server_certFile: z.string(),
    server_keyFile: z.string(),
    p2p_ws_max_clients: int(1, 1_000_000),
    p2p_ws_allowed_origins: list,
    asset_httpAddress: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    blockchain_grpcAddress: grpcAddress,
    blockvalidation_grpcAddress: grpcAddress,
    validator_grpcAddress: grpcAddress,
    p2p_best_block_request_interval_ms: int(0, 86_400_000),
    sim_block_interval_ms: int(1, 86_400_000),
    sim_subtree_interval_ms: int(1, 86_400_000),
    sim_rejected_tx_interval_ms: int(0, 86_400_000),
    logLevel: z
      .string()
      .transform((text) => text.toLowerCase())
      .pipe(z.enum(['debug', 'info', 'warn', 'error'], { error: 'expected DEBUG, INFO, WARN or ERROR' })),
    p2p_log_format: z.enum(['json', 'pretty'], { error: 'expected json or pretty' }),
    p2p_shutdown_timeout_ms: int(100, 600_000),
  })
  .superRefine((settings, context) => {
    if (settings.p2p_dht_use_private && settings.p2p_shared_key === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['p2p_shared_key'],
        message: 'required when p2p_dht_use_private is true',
      })
    }
    if (
      settings.securityLevelHTTP !== 0 &&
      (settings.server_certFile === '' || settings.server_keyFile === '')
    ) {
      context.addIssue({
        code: 'custom',
        path: ['server_certFile'],
        message: 'server_certFile and server_keyFile are required when securityLevelHTTP is not 0',
      })
    }
  })

export type Settings = z.output<typeof settingsSchema>
