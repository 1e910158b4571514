import { peerAddressProblem } from '@p2p/libp2p-network'
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
// Text with no entries in it (`|||`) is a mistake, not "empty": for the origins it would allow any.
const nonBlankList = z
  .string()
  .refine((text) => text.trim() === '' || text.split('|').some((item) => item.trim() !== ''), {
    message: 'has separators but no entries; leave it empty to mean none',
  })
  .pipe(list)
const peerList = nonBlankList.superRefine((addresses, context) => {
  for (const address of addresses) {
    const problem = peerAddressProblem(address)
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `${address}: ${problem}` })
  }
})
const optional = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()))
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[\w.-]*):(\d{1,5})$/
const portInRange = (text: string) => Number(HOST_PORT.exec(text)?.[2] ?? -1) <= 65_535
const hostPort = z
  .string()
  .regex(HOST_PORT, 'expected host:port')
  .refine(portInRange, 'the port must be from 0 to 65535')
const grpcAddress = optional
  .refine(
    (text) => text === undefined || (HOST_PORT.test(text) && !text.startsWith(':')),
    'expected host:port',
  )
  .refine((text) => text === undefined || portInRange(text), 'the port must be from 0 to 65535')
/** Our data hub URL goes to every peer and into the logs: it must not carry credentials. */
const dataHubUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  // Zod runs this even when the URL check failed; that failure is reported by the check.
  .refine((text) => !URL.canParse(text) || hasNoCredentials(text), {
    message: 'must not carry user:password@ (it is published to every peer and logged)',
  })
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
    p2p_bootstrapAddresses: peerList,
    p2p_static_peers: peerList,
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
    p2p_http_max_connections: int(1, 1_000_000),
    p2p_status_detail: bool,
    p2p_heap_growing_percent: int(0, 1_000),
    p2p_ws_allowed_origins: nonBlankList,
    asset_httpAddress: dataHubUrl,
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
    if (!settings.p2p_dht_use_private && settings.p2p_shared_key !== undefined) {
      // The key alone protects nothing: the node would join the public network, silently.
      context.addIssue({
        code: 'custom',
        path: ['p2p_shared_key'],
        message:
          'is set but p2p_dht_use_private is false: set p2p_dht_use_private=true, or remove p2p_shared_key',
      })
    }
    const httpPort = Number(HOST_PORT.exec(settings.p2p_httpListenAddress)?.[2] ?? 0)
    const httpHost = HOST_PORT.exec(settings.p2p_httpListenAddress)?.[1] ?? ''
    for (const key of ['p2p_port', 'p2p_websocket_port'] as const) {
      const port = settings[key]
      if (port === undefined || port === 0 || port !== httpPort) continue
      if (!sameInterface(httpHost, settings.p2p_ip)) continue
      context.addIssue({
        code: 'custom',
        path: ['p2p_httpListenAddress'],
        message: `uses port ${port}, which ${key} listens on too`,
      })
    }
    if (settings.p2p_websocket_port !== undefined && settings.p2p_websocket_port !== 0) {
      if (settings.p2p_websocket_port === settings.p2p_port) {
        context.addIssue({
          code: 'custom',
          path: ['p2p_websocket_port'],
          message: 'is the same port as p2p_port: the two listeners need a port each',
        })
      }
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

function hasNoCredentials(text: string): boolean {
  const url = new URL(text)
  return url.username === '' && url.password === ''
}

const ANY_HOST = new Set(['', '0.0.0.0', '::', '[::]'])

/** Whether listeners on these two hosts would contend for the same port. */
function sameInterface(httpHost: string, p2pIp: string): boolean {
  const bare = httpHost.replace(/^\[(.*)\]$/, '$1')
  return ANY_HOST.has(httpHost) || ANY_HOST.has(p2pIp) || bare === p2pIp
}
