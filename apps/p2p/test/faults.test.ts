import { rm } from 'node:fs/promises'
import { waitFor } from '@p2p/testkit'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type DevServicesProcess,
  newDataDir,
  type PeerProcess,
  startDevServices,
  startPeer,
} from './peers.js'
import { DEV_SERVICES_MAIN, launch } from './processes.js'

describe('faults across processes', { timeout: 90_000 }, () => {
  const cleanups: Array<() => void> = []
  const dirs: string[] = []
  afterAll(async () => {
    for (const cleanup of cleanups) cleanup()
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('follows a blockchain service that is killed and restarted within 2 s, and the next block arrives', async () => {
    const services1 = await startDevServices()
    const services2 = await startDevServices()
    cleanups.push(
      () => services1.process.kill(),
      () => services2.process.kill(),
    )
    dirs.push(await newDataDir(), await newDataDir())
    const peer1: PeerProcess = await startPeer('peer1', services1, { dataDir: dirs[0] as string })
    const peer2: PeerProcess = await startPeer('peer2', services2, {
      dataDir: dirs[1] as string,
      bootstrap: peer1.address,
    })
    cleanups.push(
      () => peer1.process.kill(),
      () => peer2.process.kill(),
      () => peer1.closeSocket(),
      () => peer2.closeSocket(),
    )
    const blockchainState = async () =>
      ((await peer1.status()) as unknown as { upstreams: Record<string, { state: string }> }).upstreams
        .blockchain?.state
    await waitFor(async () => (await blockchainState()) === 'up', {
      what: 'peer 1 following its blockchain service',
    })
    await waitFor(async () => (await peer2.status()).peers.some((p) => p.id === peer1.peerId), {
      timeoutMs: 20_000,
    })

    services1.process.kill()
    await services1.process.exited
    await waitFor(async () => (await blockchainState()) === 'down', {
      timeoutMs: 10_000,
      what: 'peer 1 to notice',
    })
    expect((await fetch(`http://127.0.0.1:${peer1.httpPort}/health`)).status).toBe(503)

    // The same ports again, as a restarted service would have.
    const { ports } = services1
    const restarted = launch(DEV_SERVICES_MAIN, {
      DEV_BLOCKCHAIN_GRPC_LISTEN: `127.0.0.1:${ports.blockchain}`,
      DEV_BLOCKVALIDATION_GRPC_LISTEN: `127.0.0.1:${ports.blockValidation}`,
      DEV_VALIDATOR_GRPC_LISTEN: `127.0.0.1:${ports.validator}`,
      DEV_HTTP_LISTEN: `127.0.0.1:${ports.http}`,
      SIM_AUTORUN: 'false',
    })
    cleanups.push(() => restarted.kill())
    await restarted.waitForLog('dev services started')
    await waitFor(async () => (await blockchainState()) === 'up', {
      timeoutMs: 2_000,
      intervalMs: 50,
      what: 'peer 1 to follow the restarted blockchain service within 2 s',
    })
    const again: DevServicesProcess = { ...services1, process: restarted }
    const mined = (await again.control('/mine', 'POST')) as { hash: string }
    await waitFor(
      async () =>
        (((await services2.control('/status')).validatorCalls ?? []) as Array<{ hash: string }>).some(
          (c) => c.hash === mined.hash,
        ),
      { timeoutMs: 20_000, what: 'the next block to reach peer 2' },
    )
    // Healthy again once all three of its streams and probes are back (each within its 1 s backoff).
    const health = await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${peer1.httpPort}/health`)
        const text = await response.text()
        return response.status === 200 ? { status: response.status, text } : undefined
      },
      { timeoutMs: 5_000, what: 'peer 1 healthy again' },
    )
    expect(health).toEqual({ status: 200, text: 'OK' })
  })
})
