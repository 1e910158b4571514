import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

/**
 * Every child process the harness starts, so that one call stops them all: at the end of each
 * scenario, in `finally`, and on SIGINT/SIGTERM or a crash of the harness itself.
 */
const live = new Set<ChildProcess>()

export function track(child: ChildProcess): ChildProcess {
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** SIGTERM, then SIGKILL for whoever is still there after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<number | null> {
  if (!running(child)) return child.exitCode
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  child.kill('SIGTERM')
  const timer = setTimeout(() => {
    if (running(child)) child.kill('SIGKILL')
  }, graceMs)
  try {
    return await exited
  } finally {
    clearTimeout(timer)
  }
}

export async function stopAll(graceMs = 5_000): Promise<void> {
  await Promise.all([...live].map((child) => stopProcess(child, graceMs)))
}

/** For `process.on('exit')`, where nothing asynchronous runs any more. */
export function killAllNow(): void {
  for (const child of live) if (running(child)) child.kill('SIGKILL')
}

export function liveChildren(): number {
  return [...live].filter(running).length
}

export interface LogRecord {
  readonly msg?: string
  readonly level?: string
  readonly [key: string]: unknown
}

/** A service process (apps/p2p, dev-services) whose JSON log lines are kept and counted. */
export class LoggedProcess {
  readonly records: LogRecord[] = []
  readonly tail: string[] = []
  warnings = 0
  errors = 0
  /** The first warnings and errors, as logged (they explain a run that went wrong). */
  readonly problems: string[] = []
  /** Warnings and errors by message. */
  readonly problemCounts = new Map<string, number>()
  private readonly exited: Promise<number | null>

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    track(child)
    let buffered = ''
    const onChunk = (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) this.onLine(line)
    }
    child.stdout?.on('data', onChunk)
    child.stderr?.on('data', onChunk)
    this.exited = once(child, 'exit').then(([code]) => code as number | null)
  }

  get pid(): number {
    return this.child.pid as number
  }

  /** Resolves with the first record with this message; rejects if the process exits or time runs out. */
  async waitForLog(msg: string, timeoutMs = 30_000): Promise<LogRecord> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.records.find((r) => r.msg === msg)
      if (found !== undefined) return found
      if (!running(this.child))
        throw new Error(
          `${this.name} exited (${this.child.exitCode}) before "${msg}":\n${this.tail.join('\n')}`,
        )
      if (Date.now() > deadline) throw new Error(`${this.name}: no "${msg}" within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /** SIGTERM and the exit code (SIGKILL after the grace time). */
  stop(graceMs = 8_000): Promise<number | null> {
    return stopProcess(this.child, graceMs)
  }

  get exit(): Promise<number | null> {
    return this.exited
  }

  private onLine(line: string): void {
    if (line.trim() === '') return
    this.tail.push(line)
    if (this.tail.length > 40) this.tail.shift()
    if (!line.startsWith('{')) return
    try {
      const record = JSON.parse(line) as LogRecord
      if (record.level === 'warn') this.warnings++
      if (record.level === 'error' || record.level === 'fatal') this.errors++
      if (record.level === 'warn' || record.level === 'error') {
        const msg = record.msg ?? ''
        this.problemCounts.set(msg, (this.problemCounts.get(msg) ?? 0) + 1)
        if (this.problems.length < 5) this.problems.push(line.slice(0, 600))
      }
      // Only startup records are looked up; keep memory flat under load.
      if (this.records.length < 200) this.records.push(record)
    } catch {
      // a banner or other plain text
    }
  }
}

export function launchLogged(name: string, main: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [...args, main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new LoggedProcess(name, child)
}
