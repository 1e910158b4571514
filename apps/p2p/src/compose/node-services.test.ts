import type { Logger } from '@p2p/domain'
import { GrpcBlockValidator, GrpcChainNotifier, GrpcRejectedTxSource } from '@p2p/grpc-services'
import { SystemClock } from '@p2p/node-runtime'
import {
  SimulatedBlockValidator,
  SimulatedChainNotifier,
  SimulatedRejectedTxSource,
} from '@p2p/simulated-chain'
import { MemoryLogger, MemoryMetrics } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { loadSettings } from '../settings/load-settings.js'
import { buildNodeServices } from './node-services.js'

const deps = { clock: new SystemClock(), logger: new MemoryLogger() as Logger, metrics: new MemoryMetrics() }

describe('adapter selection by configuration', () => {
  it('serves every port from the embedded chain when no address is set', async () => {
    const { settings } = await loadSettings({}, '/nonexistent-settings-dir')
    const services = await buildNodeServices(settings, 'http://localhost:8090/api/v1', deps)
    expect(services.chain).toBeInstanceOf(SimulatedChainNotifier)
    expect(services.validator).toBeInstanceOf(SimulatedBlockValidator)
    expect(services.rejectedTxs).toBeInstanceOf(SimulatedRejectedTxSource)
    expect(services.choice).toEqual({
      chain: 'embedded simulated chain',
      validator: 'embedded simulated chain',
      rejectedTxs: 'embedded simulated chain',
    })
  })

  it('selects the gRPC adapter for each port whose address is set, and only for that one', async () => {
    const { settings } = await loadSettings(
      { blockchain_grpcAddress: 'chain.internal:8087', validator_grpcAddress: 'validator.internal:8081' },
      '/nonexistent-settings-dir',
    )
    const services = await buildNodeServices(settings, 'http://localhost:8090/api/v1', deps)
    expect(services.chain).toBeInstanceOf(GrpcChainNotifier)
    expect(services.validator).toBeInstanceOf(SimulatedBlockValidator)
    expect(services.rejectedTxs).toBeInstanceOf(GrpcRejectedTxSource)
    expect(services.choice.chain).toBe('gRPC at chain.internal:8087')
    const all = await buildNodeServices(
      (
        await loadSettings(
          { blockchain_grpcAddress: 'a:1', blockvalidation_grpcAddress: 'b:2', validator_grpcAddress: 'c:3' },
          '/x',
        )
      ).settings,
      'http://localhost:8090/api/v1',
      deps,
    )
    expect(all.validator).toBeInstanceOf(GrpcBlockValidator)
    expect(all.simulated).toBeUndefined()
  })
})
