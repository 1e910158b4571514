import { Lifecycle, NodeStatusBook, P2PService, p2pServiceOptionsSchema } from '@p2p/core'
import { type Clock, checkDataHubUrl, type Logger } from '@p2p/domain'
import { HttpFace, type LoadStatus, type StatusSource } from '@p2p/http-face'
import { FileKeyStore, Libp2pPeerNetwork, resolvePrivateKey } from '@p2p/libp2p-network'
import { EventLoopLoadGauge, wallClockNow } from '@p2p/node-runtime'
import { PrometheusMetrics } from '@p2p/prometheus-metrics'
import { gossipRateLimitsOf } from '../settings/gossip-rate-limits.js'
import type { Settings } from '../settings/settings-schema.js'
import { healthReason } from './health-reason.js'
import { buildNodeServices } from './node-services.js'
import { namingListenSettings } from './start-errors.js'
import { checkTlsFiles } from './tls-files.js'
import { wireProfileOf } from './wire-profile.js'

/** Sampled messages kept for /debug/trace: minutes of a benchmark's traffic, a few MB at most. */
const TRACED_MESSAGES = 20_000

export interface NodeDeps {
  readonly clock: Clock
  readonly logger: Logger
  readonly version: string
}

/** The data hub URL we announce: `asset_httpAddress`, forced to https when HTTP security is on. */
export function dataHubUrlOf(settings: Settings): string {
  const url = new URL(settings.asset_httpAddress)
  if (settings.securityLevelHTTP !== 0) url.protocol = 'https:'
  return url.toString().replace(/\/$/, '')
}

/** Builds every adapter from the settings and the core around them; nothing is started yet. */
export async function buildNode(settings: Settings, deps: NodeDeps) {
  const { clock, logger } = deps
  const startedAt = clock.now()
  if (settings.securityLevelHTTP !== 0) await checkTlsFiles(settings.server_certFile, settings.server_keyFile)
  const metrics = new PrometheusMetrics()
  const keyStore = new FileKeyStore({ logger }, { dir: settings.p2p_peer_cache_dir })
  const identity = await resolvePrivateKey({ configuredHex: settings.p2p_private_key, keyStore, logger })
  const { wire, topicNames, privateNetwork, transport, statusOnlyUntilChainUp, unreadSettings } =
    wireProfileOf(settings)
  if (unreadSettings.length > 0) {
    logger.warn('settings given that this wire profile does not read; they have no effect', {
      profile: settings.p2p_wire_profile,
      settings: unreadSettings,
    })
  }
  const network = new Libp2pPeerNetwork(
    { privateKey: identity.privateKey, logger, wire },
    {
      listen: {
        ip: settings.p2p_ip,
        port: settings.p2p_port,
        ...(settings.p2p_websocket_port === undefined ? {} : { websocketPort: settings.p2p_websocket_port }),
      },
      topicNames,
      ...(privateNetwork === undefined ? {} : { privateNetwork }),
      ...transport,
      bootstrapAddresses: [...new Set([...settings.p2p_bootstrapAddresses, ...settings.p2p_bootstrap_peers])],
      staticPeers: settings.p2p_static_peers,
      optimiseRetries: settings.p2p_optimise_retries,
      directProtocol: settings.p2p_direct_protocol_id,
      dataDir: settings.p2p_peer_cache_dir,
      banThreshold: settings.p2p_ban_threshold,
      banDurationMs: settings.p2p_ban_duration_ms,
      // libp2p's own `debug` logger reads DEBUG for its namespaces; the adapter only hears whether to use it.
      libp2pDebugLog: (process.env.DEBUG ?? '').trim() !== '',
    },
  )
  metrics.setInfo({ version: deps.version, peerId: network.peerId })
  metrics.setPeerCountSource(() => network.peers().length)
  const load = new EventLoopLoadGauge({ logger: logger.child({ component: 'load' }), clock })
  const loadStatus = (): LoadStatus => {
    const { overloaded, episodes, overloadedMs, utilization, delayMs } = load.stats()
    return {
      overloaded,
      episodes,
      overloadedSeconds: Math.round(overloadedMs / 100) / 10,
      utilization: Math.round(utilization * 100) / 100,
      delayMs: Math.round(delayMs),
    }
  }
  metrics.setReadingsSource(() => {
    const { overloaded, episodes, overloadedMs } = load.stats()
    const bans = network.banStats()
    return {
      overloaded: overloaded ? 1 : 0,
      overloadedSecondsTotal: overloadedMs / 1000,
      overloadEpisodesTotal: episodes,
      stalledPeerDisconnectsTotal: network.stalledPeerDisconnects(),
      bannedPeers: bans.bans,
      bannedAddresses: bans.addressBans,
      banEvictionsTotal: bans.evictions,
      addressBanHangUpsTotal: bans.addressHangUps,
      admissionRefusalsTotal: network.admissionRefusals(),
      privateAddressRefusalsTotal: network.privateAddressRefusals(),
      trimmedConnectionsTotal: network.trimmedConnections(),
      addressExchangeTotal: addressExchangeEvents(network.addressExchangeStats()),
      meshPeers: Object.fromEntries(wire.kinds.map((kind) => [kind, network.meshPeers(kind).length])),
    }
  })
  const dataHubUrl = dataHubUrlOf(settings)
  const services = await buildNodeServices(settings, dataHubUrl, { clock, logger, metrics })

  // Whether the node as a whole is up: set by `start` and `stop` below, read by /health.
  const lifecycleState = { running: false }
  const status: StatusSource = () => {
    const upstreams = {
      blockchain: services.chain.status(),
      blockValidation: services.validator.status(),
      validator: services.rejectedTxs.status(),
    }
    const reason = healthReason(lifecycleState.running, upstreams, settings.p2p_status_detail)
    return {
      healthy: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
      version: deps.version,
      peerId: network.peerId,
      uptimeSeconds: Math.round((clock.now() - startedAt) / 1000),
      topics: topicNames,
      peers: network.peers(),
      upstreams,
      load: loadStatus(),
    }
  }
  // The core keeps the statuses nodes send; a new websocket client is shown them first.
  const statusLimits = p2pServiceOptionsSchema
    .pick({ nodeStatusMaxNodes: true, nodeStatusExpiryMs: true })
    .parse({})
  const statuses = new NodeStatusBook(
    { clock },
    { maxNodes: statusLimits.nodeStatusMaxNodes, expiryMs: statusLimits.nodeStatusExpiryMs },
  )
  // Stage times of sampled messages, for a benchmark to read at /debug/trace; off by default, and
  // then the in-memory ports are not even loaded (a node on gRPC services never needs them).
  const trace =
    settings.p2p_trace_sample_rate > 0
      ? new (await import('@p2p/memory-ports')).MemoryMessageTrace(
          { now: wallClockNow },
          { sampleRate: settings.p2p_trace_sample_rate, maxMessages: TRACED_MESSAGES },
        )
      : undefined
  const http = new HttpFace(
    {
      clock,
      logger: logger.child({ component: 'http' }),
      metrics,
      status,
      metricsExposition: metrics.exposition,
      nodeStatuses: () => statuses.all(),
      ...(trace === undefined
        ? {}
        : { traced: () => ({ sampleRate: trace.sampleRate, messages: trace.messagesTraced() }) }),
    },
    {
      listen: settings.p2p_httpListenAddress,
      tls:
        settings.securityLevelHTTP === 0
          ? undefined
          : { certFile: settings.server_certFile, keyFile: settings.server_keyFile },
      websocket: {
        maxClients: settings.p2p_ws_max_clients,
        ...(settings.p2p_ws_allowed_origins.length === 0
          ? {}
          : { allowedOrigins: settings.p2p_ws_allowed_origins }),
      },
      limits: { maxConnections: settings.p2p_http_max_connections },
      statusDetail: settings.p2p_status_detail,
    },
  )
  const service = new P2PService(
    {
      network,
      chain: services.chain,
      validator: services.validator,
      rejectedTxs: services.rejectedTxs,
      sink: http.sink,
      clock,
      logger: logger.child({ component: 'service' }),
      metrics,
      reputation: network,
      load,
      statuses,
      ...(trace === undefined ? {} : { trace }),
    },
    {
      dataHubUrl,
      bestBlockRequestIntervalMs: settings.p2p_best_block_request_interval_ms,
      allowPrivateDataHubUrls: settings.p2p_allow_private_ips,
      gossipRateLimits: gossipRateLimitsOf(settings),
      listenMode: settings.listen_mode,
      statusOnlyUntilChainUp,
      clientName: settings.clientName,
      version: deps.version,
    },
  )
  const ownUrl = checkDataHubUrl(dataHubUrl, { allowPrivate: false })
  if (!ownUrl.allowed && !settings.p2p_allow_private_ips) {
    logger.warn('our data hub URL is not public: peers on default settings will refuse our announcements', {
      dataHubUrl,
      problem: ownUrl.problem,
      hint: 'set asset_httpAddress to a public address, or p2p_allow_private_ips=true on every node of a private test network',
    })
  }
  const listenSettings = [
    `p2p_ip=${settings.p2p_ip}`,
    `p2p_port=${settings.p2p_port}`,
    ...(settings.p2p_websocket_port === undefined
      ? []
      : [`p2p_websocket_port=${settings.p2p_websocket_port}`]),
  ].join(' ')
  const lifecycle = new Lifecycle({
    components: [
      { name: 'load', component: load },
      {
        name: 'http',
        component: namingListenSettings(http, `p2p_httpListenAddress=${settings.p2p_httpListenAddress}`),
      },
      { name: 'chain', component: services.chain },
      { name: 'validator', component: services.validator },
      { name: 'rejectedTxs', component: services.rejectedTxs },
      { name: 'network', component: namingListenSettings(network, listenSettings) },
      { name: 'service', component: service },
    ],
    logger,
  })
  return {
    identity,
    network,
    services,
    metrics,
    dataHubUrl,
    get httpPort() {
      return http.port
    },
    async start() {
      await lifecycle.start()
      lifecycleState.running = true
    },
    /** Stops in reverse order; past `timeoutMs`, in-flight calls are aborted so the stop completes. */
    async stop(timeoutMs: number) {
      lifecycleState.running = false
      const stopping = lifecycle.stop()
      const timer = setTimeout(() => {
        logger.warn('stop is taking long; aborting in-flight work', { timeoutMs })
        service.abortInFlight()
      }, timeoutMs)
      try {
        await stopping
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

export type Node = Awaited<ReturnType<typeof buildNode>>

/** The address exchange's counters as one labelled family; none where the exchange is off. */
function addressExchangeEvents(
  stats: ReturnType<Libp2pPeerNetwork['addressExchangeStats']>,
): Readonly<Record<string, number>> {
  return stats === undefined ? {} : { ...stats.served, ...stats.asked }
}
