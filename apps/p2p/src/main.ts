#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8'
import { PinoLogger, SystemClock } from '@p2p/node-runtime'
// The libp2p adapter installs its Node 20 shims itself: Promise.withResolvers when it is first
// imported, the WebSocket global only when it builds a websockets transport.
import { banner } from './banner.js'
import { buildNode } from './compose/build-node.js'
import { loadSettings, settingsHelp } from './settings/load-settings.js'
import { appVersion } from './version.js'

// The P2P service. Settings: settings.conf, settings_local.conf, then the environment.
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${settingsHelp()}\n`)
  process.exit(0)
}

const version = appVersion()
let loaded: Awaited<ReturnType<typeof loadSettings>>
try {
  loaded = await loadSettings(process.env, process.env.P2P_SETTINGS_DIR ?? process.cwd())
} catch (error) {
  process.stderr.write(`p2p: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
const { settings } = loaded
const logger = PinoLogger.create({
  level: settings.logLevel,
  base: { service: 'p2p' },
  format: settings.p2p_log_format,
})
for (const warning of loaded.warnings) logger.warn('settings', { warning })
// Under a flood V8 lets the heap grow up to four times what is live, and most of it is garbage:
// 1,500 subtrees a second for a minute took RSS to 500 MiB with about 100 MiB live. A fixed
// factor makes it collect sooner (276 MiB; SECURITY.md, "Load and backpressure") without
// the hard ceiling of --max-old-space-size, which would end the process instead. V8 reads this
// flag at every collection, so setting it now, before any load, takes effect.
if (settings.p2p_heap_growing_percent > 0) {
  setFlagsFromString(`--heap-growing-percent=${settings.p2p_heap_growing_percent}`)
}

let node: Awaited<ReturnType<typeof buildNode>>
try {
  node = await buildNode(settings, { clock: new SystemClock(), logger, version })
  await node.start()
} catch (error) {
  logger.error('the p2p service could not start', {
    error: error instanceof Error ? error.message : String(error),
  })
  logger.flush()
  process.exit(1)
}

logger.info('p2p service started', {
  version,
  peerId: node.network.peerId,
  listening: node.network.listenAddresses(),
  addresses: node.network.addresses(),
  httpPort: node.httpPort,
  adapters: node.services.choice,
  dataHubUrl: node.dataHubUrl,
})
process.stderr.write(banner(node, version, settings.securityLevelHTTP === 0 ? 'http' : 'https'))

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info('p2p service stopping', { signal })
    const hardDeadline = setTimeout(() => {
      logger.error('stop did not finish in time; exiting', {
        timeoutMs: settings.p2p_shutdown_timeout_ms * 2,
      })
      logger.flush()
      process.exit(1)
    }, settings.p2p_shutdown_timeout_ms * 2)
    hardDeadline.unref()
    void node.stop(settings.p2p_shutdown_timeout_ms).then(
      () => {
        logger.info('p2p service stopped')
        logger.flush()
        process.exit(0)
      },
      (error: unknown) => {
        logger.error('stop failed', { error: String(error) })
        logger.flush()
        process.exit(1)
      },
    )
  })
}
