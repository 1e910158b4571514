import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { waitFor } from '@p2p/testkit'

export const P2P_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url))
export const DEV_SERVICES_MAIN = fileURLToPath(new URL('../../dev-services/dist/main.js', import.meta.url))

export interface LogRecord {
  readonly msg?: string
  readonly [key: string]: unknown
}

/** A child process whose JSON log lines are kept, so tests can wait for what it says. */
export class RunningProcess {
  readonly records: LogRecord[] = []
  readonly text: string[] = []
  readonly exited: Promise<number | null>

  constructor(readonly child: ChildProcess) {
    const onLine = (line: string) => {
      if (line.trim() === '') return
      this.text.push(line)
      try {
        this.records.push(JSON.parse(line) as LogRecord)
      } catch {
        // banner and other plain text
      }
    }
    let buffered = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) onLine(line)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) onLine(line)
    })
    this.exited = once(child, 'exit').then(([code]) => code as number | null)
  }

  waitForLog(msg: string, timeoutMs = 20_000): Promise<LogRecord> {
    return waitFor(() => this.records.find((r) => r.msg === msg), { timeoutMs, what: `log "${msg}"` })
  }

  /** Sends SIGTERM and resolves with the exit code and how long the exit took. */
  async terminate(): Promise<{ code: number | null; ms: number }> {
    const started = Date.now()
    this.child.kill('SIGTERM')
    const code = await this.exited
    return { code, ms: Date.now() - started }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

export function launch(main: string, env: Record<string, string>, cwd?: string): RunningProcess {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  })
  return new RunningProcess(child)
}
