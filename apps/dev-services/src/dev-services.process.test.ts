import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { ChainEvent, Hash, Logger } from '@p2p/domain'
import { GrpcBlockValidator, GrpcChainNotifier } from '@p2p/grpc-services'
import { SystemClock } from '@p2p/node-runtime'
import { MemoryLogger, MemoryMetrics, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'

// The built entry point (pnpm test builds before it runs the tests).
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url))

interface Ports {
  readonly blockchain: number
  readonly blockValidation: number
  readonly validator: number
  readonly http: number
}

describe('the dev services process', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    child?.kill('SIGKILL')
    child = undefined
  })

  async function launch(): Promise<{ process: ChildProcess; ports: Ports; lines: string[] }> {
    const lines: string[] = []
    const process = spawn(globalThis.process.execPath, [MAIN], {
      env: {
        PATH: globalThis.process.env.PATH,
        DEV_BLOCKCHAIN_GRPC_LISTEN: '127.0.0.1:0',
        DEV_BLOCKVALIDATION_GRPC_LISTEN: '127.0.0.1:0',
        DEV_VALIDATOR_GRPC_LISTEN: '127.0.0.1:0',
        DEV_HTTP_LISTEN: '127.0.0.1:0',
        SIM_AUTORUN: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = process
    process.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)))
    process.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    const started = await waitFor(
      () =>
        lines
          .map((line) => JSON.parse(line) as { msg?: string; ports?: Ports })
          .find((r) => r.msg === 'dev services started'),
      { timeoutMs: 15_000, what: 'the "dev services started" line' },
    )
    return { process, ports: started.ports as Ports, lines }
  }

  it('serves the chain over gRPC, mines on request over HTTP, logs hand-offs, and stops cleanly on SIGTERM', async () => {
    const { process, ports, lines } = await launch()
    const notifier = new GrpcChainNotifier(
      { clock: new SystemClock(), logger: new MemoryLogger() as Logger, metrics: new MemoryMetrics() },
      { address: `127.0.0.1:${ports.blockchain}` },
    )
    const events: ChainEvent[] = []
    notifier.subscribe((event) => events.push(event))
    await notifier.start()
    await waitFor(() => notifier.status().state === 'up')

    const health = await fetch(`http://127.0.0.1:${ports.http}/health`)
    expect(await health.text()).toBe('OK')
    const mined = (await (await fetch(`http://127.0.0.1:${ports.http}/mine`, { method: 'POST' })).json()) as {
      hash: string
      height: number
    }
    await waitFor(() => events.some((e) => e.kind === 'miningOn' && e.hash === mined.hash), {
      what: 'block and mining-on',
    })
    expect(events.filter((e) => e.kind === 'block').map((e) => e.hash)).toEqual([mined.hash])
    expect(await notifier.bestBlockHeader()).toMatchObject({ hash: mined.hash, height: mined.height })
    const bad = await fetch(`http://127.0.0.1:${ports.http}/reject`, { method: 'POST', body: '[not json' })
    expect(bad.status).toBe(400)
    await notifier.stop()

    // The harnesses and the bench read hand-offs from /status as flat records.
    const validator = new GrpcBlockValidator(
      { clock: new SystemClock(), logger: new MemoryLogger() as Logger, metrics: new MemoryMetrics() },
      { address: `127.0.0.1:${ports.blockValidation}` },
    )
    await validator.start()
    const baseUrl = 'http://announcer.example:8090/api/v1'
    await validator.blockFound({ hash: mined.hash as Hash, baseUrl, peerId: '' })
    await validator.stop()
    const status = (await (await fetch(`http://127.0.0.1:${ports.http}/status`)).json()) as {
      validatorCalls: unknown[]
    }
    expect(status.validatorCalls).toEqual([
      { kind: 'block', hash: mined.hash, baseUrl, peerId: '', atMs: expect.any(Number) },
    ])

    process.kill('SIGTERM')
    const [code] = await once(process, 'exit')
    expect(code).toBe(0)
    expect(lines.some((line) => line.includes('dev services stopping'))).toBe(true)
  })

  it('refuses bad settings with a clear error and exit code 1', async () => {
    const process = spawn(globalThis.process.execPath, [MAIN], {
      env: { PATH: globalThis.process.env.PATH, DEV_HTTP_LISTEN: 'nowhere', SIM_BLOCK_INTERVAL_MS: 'soon' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = process
    let output = ''
    process.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    process.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    const [code] = await once(process, 'exit')
    expect(code).toBe(1)
    expect(output).toContain('DEV_HTTP_LISTEN')
    expect(output).toContain('SIM_BLOCK_INTERVAL_MS')
  })
})
