import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

interface Reply {
  readonly id?: number
  readonly result?: unknown
  readonly error?: string
  readonly ready?: unknown
}

export interface JsonLinesChildOptions {
  /** Extra environment; PATH is always passed on. */
  readonly env?: Readonly<Record<string, string>>
  /** How long to wait for the `ready` line. */
  readonly readyTimeoutMs?: number
  /** Called with each stderr line (the program's log). */
  readonly onLog?: (line: string) => void
}

/**
 * A Go test program driven over its control channel (interop/internal/control): JSON lines on
 * stdin and stdout. It says `{"ready": …}` once up, then answers `{id, method, params}` requests
 * with `{id, result}` or `{id, error}`. Closing its stdin stops it, so a crashed test leaves no
 * orphan behind. The last stderr lines explain a failure.
 */
export class JsonLinesChild<Ready = unknown> {
  readonly ready: Promise<Ready>
  readonly exited: Promise<number | null>
  private readonly child: ChildProcess
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  private readonly stderrTail: string[] = []
  private nextId = 1
  private exitCode: number | null | undefined

  constructor(
    readonly name: string,
    binary: string,
    args: readonly string[],
    options: JsonLinesChildOptions = {},
  ) {
    this.child = spawn(binary, [...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', ...options.env },
    })
    this.exited = once(this.child, 'exit').then(([code]) => {
      this.exitCode = code as number | null
      const error = this.failure(`exited (${String(code)})`)
      for (const waiting of this.pending.values()) waiting.reject(error)
      this.pending.clear()
      return code as number | null
    })
    this.child.stdin?.on('error', () => {
      // the program went away; the exit handler reports it
    })
    // readline splits lines and decodes UTF-8 across chunk boundaries.
    if (this.child.stderr)
      createInterface({ input: this.child.stderr }).on('line', (line) => {
        this.remember(line)
        options.onLog?.(line)
      })
    let onReady: (value: Ready) => void = () => {}
    let onNotReady: (error: Error) => void = () => {}
    this.ready = new Promise<Ready>((resolve, reject) => {
      onReady = resolve
      onNotReady = reject
    })
    const readyTimeoutMs = options.readyTimeoutMs ?? 30_000
    const readyTimer = setTimeout(
      () => onNotReady(this.failure(`not ready within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    )
    void this.exited.then((code) => {
      clearTimeout(readyTimer)
      onNotReady(this.failure(`exited (${String(code)}) before it was ready`))
    })
    if (this.child.stdout)
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        if (line.trim() === '') return
        let message: Reply
        try {
          message = JSON.parse(line) as Reply
        } catch {
          this.remember(`(stdout, not JSON) ${line}`)
          return
        }
        if (message.ready !== undefined) {
          clearTimeout(readyTimer)
          onReady(message.ready as Ready)
          return
        }
        const waiting = this.pending.get(message.id ?? -1)
        if (waiting === undefined) return
        this.pending.delete(message.id ?? -1)
        if (message.error !== undefined) waiting.reject(new Error(`${this.name}: ${message.error}`))
        else waiting.resolve(message.result)
      })
  }

  /** Keeps the last lines the program said, for failure messages. */
  private remember(line: string): void {
    this.stderrTail.push(line)
    if (this.stderrTail.length > 60) this.stderrTail.shift()
  }

  get pid(): number {
    return this.child.pid ?? 0
  }

  get running(): boolean {
    return this.exitCode === undefined
  }

  /** Calls a method and resolves with its result; rejects with the program's error text. */
  call<T = unknown>(method: string, params: unknown = {}, timeoutMs = 30_000): Promise<T> {
    if (!this.running) return Promise.reject(this.failure(`cannot call ${method}: not running`))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(this.failure(`${method} did not answer within ${timeoutMs} ms`))
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
      this.child.stdin?.write(`${JSON.stringify({ id, method, params })}\n`)
    })
  }

  /** Asks the program to stop (closes its stdin), then kills it if it has not exited in time. */
  async stop(graceMs = 5_000): Promise<number | null> {
    if (!this.running) return this.exitCode ?? null
    this.child.stdin?.end()
    const timer = setTimeout(() => this.kill(), graceMs)
    try {
      return await this.exited
    } finally {
      clearTimeout(timer)
    }
  }

  /** SIGKILL: for tests that simulate a crash. */
  kill(): void {
    if (this.running) this.child.kill('SIGKILL')
  }

  /** The last lines the program logged, for failure messages. */
  logTail(): string {
    return this.stderrTail.join('\n')
  }

  private failure(what: string): Error {
    return new Error(`${this.name} ${what}\n--- last log lines ---\n${this.logTail()}`)
  }
}
