import type { Logger } from '@p2p/domain'
import { GrpcBlockValidator, GrpcChainNotifier, GrpcRejectedTxSource } from '@p2p/grpc-services'
import { SystemClock } from '@p2p/node-runtime'
import {
  describeBlockValidatorCompliance,
  describeChainNotifierCompliance,
  describeRejectedTxSourceCompliance,
  MemoryLogger,
  MemoryMetrics,
} from '@p2p/testkit'
import { DevServices } from './dev-services.js'

// The gRPC adapters against the dev services: the same servers and simulated chain the
// docker-compose peers run beside each node. Production is off so only the suite's events flow.
const LOCAL = { blockchain: '127.0.0.1:0', blockValidation: '127.0.0.1:0', validator: '127.0.0.1:0' }
const FAST = { backoff: { initialMs: 50, maxMs: 500 }, callTimeoutMs: 2_000, connectTimeoutMs: 2_000 }

async function devServices() {
  const services = new DevServices(
    { clock: new SystemClock(), logger: new MemoryLogger() },
    { grpc: LOCAL, chain: { autoRun: false } },
  )
  await services.start()
  const ports = services.ports
  if (ports === undefined) throw new Error('the dev services started without ports')
  const deps = {
    clock: new SystemClock(),
    logger: new MemoryLogger() as Logger,
    metrics: new MemoryMetrics(),
  }
  return { services, ports, deps }
}

describeChainNotifierCompliance('GrpcChainNotifier against the dev services', async () => {
  const { services, ports, deps } = await devServices()
  const notifier = new GrpcChainNotifier(deps, { address: `127.0.0.1:${ports.blockchain}`, ...FAST })
  return {
    notifier,
    emit: async (event) => services.chain.emit(event),
    setHeader: async ({ info, header }) => services.chain.addHeader(info, header),
    setBestHeader: async ({ info, header }) => {
      services.chain.addHeader(info, header)
      services.chain.setBest(info.hash)
    },
    cleanup: async () => {
      await notifier.stop()
      await services.stop()
    },
  }
})

describeBlockValidatorCompliance('GrpcBlockValidator against the dev services', async () => {
  const { services, ports, deps } = await devServices()
  const validator = new GrpcBlockValidator(deps, {
    address: `127.0.0.1:${ports.blockValidation}`,
    ...FAST,
    retries: 0,
  })
  return {
    validator,
    received: async () =>
      services.validator.calls.map(({ kind, announcement: { hash, baseUrl } }) => ({ kind, hash, baseUrl })),
    setFailing: async (failing) => services.validator.setFailing(failing),
    hold: async () => services.validator.hold(),
    release: async () => services.validator.release(),
    cleanup: async () => {
      await validator.stop()
      await services.stop()
    },
  }
})

describeRejectedTxSourceCompliance('GrpcRejectedTxSource against the dev services', async () => {
  const { services, ports, deps } = await devServices()
  const source = new GrpcRejectedTxSource(deps, { address: `127.0.0.1:${ports.validator}`, ...FAST })
  return {
    source,
    emit: async (rejected) => services.chain.emitRejectedTx(rejected),
    cleanup: async () => {
      await source.stop()
      await services.stop()
    },
  }
})
