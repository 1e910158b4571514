import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger, RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import { FileKeyStore, resolvePrivateKey } from '../src/index.js'
import { NetworkFleet, tcpAddress } from './network-harness.js'

const WAIT = { timeoutMs: 20_000 }

describe('restarts', () => {
  const fleet = new NetworkFleet()
  const dirs: string[] = []
  afterEach(async () => {
    await fleet.cleanup()
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })

  async function identityIn(dir: string) {
    const keyStore = new FileKeyStore({}, { dir })
    return resolvePrivateKey({ keyStore, logger: new MemoryLogger() })
  }

  it('keeps the same peer id across a restart, from the key file in the data directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-key-'))
    dirs.push(dir)
    const first = await identityIn(dir)
    expect(first.source).toBe('generated')
    const before = (await fleet.create({}, first.privateKey)).network
    before.setListener(new RecordingListener())
    await before.start()
    await before.stop()

    const second = await identityIn(dir)
    expect(second.source).toBe('key_store')
    const after = (await fleet.create({}, second.privateKey)).network
    after.setListener(new RecordingListener())
    await after.start()
    expect(after.peerId).toBe(before.peerId)
    expect(tcpAddress(after)).toContain(`/p2p/${before.peerId}`)
  })

  it('redials a static peer after it goes away and comes back on the same address', async () => {
    const b = await fleet.create()
    b.network.setListener(new RecordingListener())
    await b.network.start()
    const bAddress = tcpAddress(b.network)
    const bPort = Number(/\/tcp\/(\d+)\//.exec(bAddress)?.[1])

    // Discovery runs once at start only, so the redial below can only come from the static peers.
    const { network: a, logger } = await fleet.create({
      staticPeers: [bAddress],
      discoveryIntervalMs: 3_600_000,
    })
    a.setListener(new RecordingListener())
    await a.start()
    const connectedToB = () => a.peers().some((p) => p.id === b.network.peerId)
    await waitFor(connectedToB, { ...WAIT, what: 'A to dial its static peer B' })

    await b.network.stop()
    await waitFor(() => !connectedToB(), { ...WAIT, what: 'A to notice B is gone' })

    const bAgain = (await fleet.create({ listen: { ip: '127.0.0.1', port: bPort } }, b.privateKey)).network
    bAgain.setListener(new RecordingListener())
    await bAgain.start()
    await waitFor(connectedToB, { ...WAIT, what: 'A to redial B after its restart' })
    expect(logger.filter('warn', 'static peer disconnected; redialling')).toHaveLength(1)
    expect(logger.filter('info', 'connected to static peer')).toHaveLength(2)
  })
})
