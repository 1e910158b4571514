import type { Logger, UpstreamMetrics } from '@p2p/domain'
import { SystemClock } from '@p2p/node-runtime'
import {
  describeBlockValidatorCompliance,
  describeChainNotifierCompliance,
  describeRejectedTxSourceCompliance,
  MemoryLogger,
  MemoryMetrics,
  waitFor,
} from '@p2p/testkit'
import {
  GrpcBlockValidator,
  GrpcChainNotifier,
  GrpcRejectedTxSource,
  type NodeServicesBackends,
  NodeServicesServer,
} from '../src/index.js'
import { TestChainBackend, TestRejectedTxBackend, TestValidationBackend } from './test-backends.js'

function deps() {
  return {
    clock: new SystemClock(),
    logger: new MemoryLogger() as Logger,
    metrics: new MemoryMetrics() as UpstreamMetrics,
  }
}

// The servers are silent until their first event, as the reference's: a short settle window keeps
// the suites quick (the default is exercised in src/upstream/subscription-state.test.ts).
const FAST = {
  backoff: { initialMs: 50, maxMs: 500 },
  callTimeoutMs: 2_000,
  connectTimeoutMs: 2_000,
  settleMs: 100,
}

async function serve(backends: NodeServicesBackends) {
  const server = new NodeServicesServer({ backends, logger: new MemoryLogger() }, { address: '127.0.0.1:0' })
  await server.start()
  return { server, address: `127.0.0.1:${server.port}` }
}

describeChainNotifierCompliance('GrpcChainNotifier against a blockchain API server', async () => {
  const backend = new TestChainBackend()
  const { server, address } = await serve({ chain: backend })
  const notifier = new GrpcChainNotifier(deps(), { address, ...FAST })
  return {
    notifier,
    emit: async (event) => {
      await waitFor(() => backend.listeners.count > 0, { what: 'the server to hold our subscription' })
      backend.listeners.emit(event)
    },
    setHeader: async (record) => backend.setHeader(record),
    setBestHeader: async (record) => backend.setBestHeader(record),
    cleanup: async () => {
      await notifier.stop()
      await server.stop()
    },
  }
})

describeBlockValidatorCompliance('GrpcBlockValidator against a block validation API server', async () => {
  const backend = new TestValidationBackend()
  const { server, address } = await serve({ blockValidation: backend })
  const validator = new GrpcBlockValidator(deps(), { address, ...FAST, retries: 0 })
  return {
    validator,
    received: async () => backend.received,
    setFailing: async (failing) => {
      backend.failing = failing
    },
    hold: async () => backend.hold(),
    release: async () => backend.release(),
    cleanup: async () => {
      await validator.stop()
      backend.release()
      await server.stop()
    },
  }
})

describeRejectedTxSourceCompliance('GrpcRejectedTxSource against a validator API server', async () => {
  const backend = new TestRejectedTxBackend()
  const { server, address } = await serve({ rejectedTxs: backend })
  const source = new GrpcRejectedTxSource(deps(), { address, ...FAST })
  return {
    source,
    emit: async (rejected) => {
      await waitFor(() => backend.listeners.count > 0, { what: 'the server to hold our subscription' })
      backend.listeners.emit(rejected)
    },
    cleanup: async () => {
      await source.stop()
      await server.stop()
    },
  }
})
