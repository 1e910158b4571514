import { type GoProgram, goProgram } from './go-programs.js'
import { JsonLinesChild, type JsonLinesChildOptions } from './json-lines-child.js'

/**
 * Starts a Go test program and waits for its ready line; a program that never gets there is
 * killed, so a failed start leaves no process behind.
 */
export async function launchGoProgram<Ready>(
  program: GoProgram,
  name: string,
  args: readonly string[],
  options: JsonLinesChildOptions,
): Promise<{ readonly child: JsonLinesChild<Ready>; readonly ready: Ready }> {
  const child = new JsonLinesChild<Ready>(name, goProgram(program), [...args], {
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  })
  try {
    return { child, ready: await child.ready }
  } catch (error) {
    child.kill()
    throw error
  }
}

/**
 * What every driver of a Go test program shares: the process behind it, its end, and its log
 * for failure messages. Each driver adds its program's own control methods.
 */
export abstract class GoProgramDriver<Ready> {
  protected constructor(protected readonly child: JsonLinesChild<Ready>) {}

  get pid(): number {
    return this.child.pid
  }

  get running(): boolean {
    return this.child.running
  }

  /** Resolves with the exit code once the program has exited. */
  get exited(): Promise<number | null> {
    return this.child.exited
  }

  /** Closes the control channel (the program closes its host and exits), killing it if it lingers. */
  stop(): Promise<number | null> {
    return this.child.stop()
  }

  /** SIGKILL, as a crash: connections drop without a goodbye. */
  kill(): void {
    this.child.kill()
  }

  /** The last stderr lines, for failure messages. */
  logTail(): string {
    return this.child.logTail()
  }
}
