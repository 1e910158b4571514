#!/usr/bin/env node
import { PinoLogger, SystemClock } from '@p2p/node-runtime'
import { DevServices } from './dev-services.js'
import { readSettings } from './settings.js'

// The development node services: gRPC blockchain, block validation and validator APIs over a
// simulated chain. Settings come from the environment (see settings.ts and the README).
let settings: ReturnType<typeof readSettings>
try {
  settings = readSettings(process.env)
} catch (error) {
  process.stderr.write(`dev-services: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
const logger = PinoLogger.create({ level: settings.logLevel, base: { service: 'dev-services' } })
const services = new DevServices(
  { clock: new SystemClock(), logger },
  { grpc: settings.grpc, http: settings.http, chain: settings.chain },
)

try {
  await services.start()
  logger.info('dev services started', { ports: services.ports })
} catch (error) {
  logger.error('dev services could not start', {
    error: error instanceof Error ? error.message : String(error),
  })
  logger.flush()
  process.exit(1)
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info('dev services stopping', { signal })
    void services.stop().then(() => {
      logger.flush()
      process.exit(0)
    })
  })
}
