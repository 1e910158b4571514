import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { stopProcess, track } from './children.js'

interface Request {
  readonly id: number
  readonly method: string
  readonly params: unknown
}

interface Reply {
  readonly id: number
  readonly result?: unknown
  readonly error?: string
}

type Handler = (params: never) => unknown

export interface BenchChildOptions {
  /** Names the child in errors. */
  readonly name: string
  readonly script: string
  /** Arguments to the script. */
  readonly args?: readonly string[]
  /** Arguments to node itself (profiling flags). */
  readonly nodeArgs?: readonly string[]
}

/**
 * A bench script run as a child process, spoken to with request/reply messages over the IPC
 * channel. The child says `{ ready }` once it is set up; its stderr tail explains a failure.
 */
export class BenchChild<Ready = unknown> {
  readonly ready: Promise<Ready>
  private readonly child: ChildProcess
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  private readonly stderr: string[] = []
  private nextId = 1

  readonly name: string

  constructor(options: BenchChildOptions) {
    const { script, args = [], nodeArgs = [] } = options
    this.name = options.name
    this.child = track(
      spawn(process.execPath, [...nodeArgs, script, ...args], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
        env: { PATH: process.env.PATH ?? '' },
      }),
    )
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk.toString())
      if (this.stderr.length > 40) this.stderr.shift()
    })
    let onReady: (value: Ready) => void = () => {}
    this.ready = new Promise<Ready>((resolve, reject) => {
      onReady = resolve
      this.child.once('exit', (code) => reject(this.failure(`exited (${code}) before it was ready`)))
    })
    this.child.on('message', (message: { ready?: Ready } & Partial<Reply>) => {
      if (message.ready !== undefined) {
        onReady(message.ready)
        return
      }
      const waiting = this.pending.get(message.id as number)
      if (waiting === undefined) return
      this.pending.delete(message.id as number)
      if (message.error !== undefined) waiting.reject(new Error(`${this.name}: ${message.error}`))
      else waiting.resolve(message.result)
    })
    this.child.once('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(this.failure(`exited (${code})`))
      this.pending.clear()
    })
  }

  get pid(): number {
    return this.child.pid as number
  }

  call<T>(method: string, params: unknown = {}, timeoutMs = 120_000): Promise<T> {
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return Promise.reject(this.failure('is not running'))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(this.failure(`no answer to ${method} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer)
          resolve(value as T)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      })
      this.child.send({ id, method, params } satisfies Request)
    })
  }

  /** Asks the child to stop (it cleans up and exits); SIGTERM/SIGKILL if it does not. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = once(this.child, 'exit')
    await this.call('stop', {}, 10_000).catch(() => {})
    const gone = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 5_000)),
    ])
    if (!gone) await stopProcess(this.child, 2_000)
  }

  private failure(what: string): Error {
    return new Error(`${this.name} ${what}\n${this.stderr.join('').slice(-2_000)}`)
  }
}

/**
 * The child side: answers requests with `handlers`, says it is ready, and exits when the parent
 * goes away (no orphans even if the harness is killed with SIGKILL).
 */
export function serveParent(handlers: Record<string, Handler>, ready: unknown): void {
  const send = (message: unknown) => process.send?.(message)
  process.on('message', async (raw: Request) => {
    const handler = handlers[raw.method]
    try {
      if (handler === undefined) throw new Error(`no method ${raw.method}`)
      const result = await (handler as (params: unknown) => unknown)(raw.params)
      if (raw.method === 'stop') {
        process.send?.({ id: raw.id, result } satisfies Reply, () => process.exit(0))
        return
      }
      send({ id: raw.id, result } satisfies Reply)
    } catch (error) {
      send({
        id: raw.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies Reply)
    }
  })
  process.on('disconnect', () => process.exit(0))
  send({ ready })
}
