import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { P2P_MAIN, RunningProcess } from '../../test/processes.js'

// Idle memory is mostly loaded code, so the adapters a configuration does not use must stay
// unloaded. These run the compiled service and record every module the ESM loader loads (CommonJS
// packages show up by the entry file an ES module imports).
const hooks = `
import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  appendFileSync(process.env.P2P_TEST_MODULE_LOG, url + '\\n')
  return next(url, context)
}`
const registerHooks = `
import { register } from 'node:module'
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)})`

const PACKAGES = {
  grpcAdapters: '/packages/grpc-services/',
  grpcJs: '/@grpc/grpc-js/',
  simulatedChain: '/packages/simulated-chain/',
  memoryPorts: '/packages/memory-ports/',
  websocketsTransport: '/@libp2p/websockets/',
  undici: '/undici/',
} as const

describe('modules a configuration loads', { timeout: 30_000 }, () => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  const loadedBy = async (env: Record<string, string>): Promise<Record<keyof typeof PACKAGES, boolean>> => {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-modules-'))
    const log = join(dir, 'modules.txt')
    const child = spawn(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(registerHooks)}`, P2P_MAIN],
      {
        env: {
          PATH: process.env.PATH ?? '',
          P2P_TEST_MODULE_LOG: log,
          p2p_ip: '127.0.0.1',
          p2p_port: '0',
          p2p_httpListenAddress: '127.0.0.1:0',
          p2p_peer_cache_dir: dir,
          logLevel: 'INFO',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const running = new RunningProcess(child)
    cleanups.push(async () => {
      running.kill()
      await running.exited
      await rm(dir, { recursive: true, force: true })
    })
    await running.waitForLog('p2p service started')
    const urls = await readFile(log, 'utf8')
    return Object.fromEntries(
      Object.entries(PACKAGES).map(([name, marker]) => [name, urls.includes(marker)]),
    ) as Record<keyof typeof PACKAGES, boolean>
  }

  it('on the defaults: the embedded chain, and neither gRPC nor the websockets transport', async () => {
    expect(await loadedBy({})).toEqual({
      grpcAdapters: false,
      grpcJs: false,
      simulatedChain: true,
      memoryPorts: true,
      websocketsTransport: false,
      undici: false,
    })
  })

  it('with every node-service address and a websocket port: gRPC and websockets, not the embedded chain or the in-memory ports', async () => {
    expect(
      await loadedBy({
        // Nothing listens there; the adapters keep retrying, which is enough to be loaded.
        blockchain_grpcAddress: '127.0.0.1:1',
        blockvalidation_grpcAddress: '127.0.0.1:1',
        validator_grpcAddress: '127.0.0.1:1',
        p2p_websocket_port: '0',
      }),
    ).toEqual({
      grpcAdapters: true,
      grpcJs: true,
      simulatedChain: false,
      memoryPorts: false,
      websocketsTransport: true,
      undici: true,
    })
  })
})
