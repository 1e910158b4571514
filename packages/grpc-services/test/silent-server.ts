import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./silent-server-process.mjs', import.meta.url))

/** A silent Subscribe server in a child process (see silent-server-process.mjs), to be killed for real. */
export interface SilentServerProcess {
  readonly port: number
  readonly address: string
  /** SIGKILL, resolved once the process has exited. */
  kill(): Promise<void>
}

export async function startSilentServerProcess(methodPath: string, port = 0): Promise<SilentServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, methodPath, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = once(child, 'exit')
  let output = ''
  const bound = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (\d+)/.exec(output)
      if (match !== null) resolve(Number(match[1]))
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    void exited.then(() => reject(new Error(`the silent server exited before listening: ${output}`)))
  })
  return {
    port: bound,
    address: `127.0.0.1:${bound}`,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
