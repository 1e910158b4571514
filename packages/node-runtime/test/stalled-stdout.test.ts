import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('./stalled-stdout-process.mjs', import.meta.url))
/** About 270 bytes each: some 150 MiB offered to a pipe that holds 64 KiB. */
const LINES = 600_000
const MIB = 1024 * 1024
/** The logger buffers at most 4 MiB; the rest of this is room for garbage not yet collected. */
const RSS_GROWTH_BOUND = 96 * MIB

/** Resident and peak resident memory of a process, in bytes (Linux). */
function memoryOf(pid: number): { readonly rss: number; readonly peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024
  return { rss: kib('VmRSS'), peak: kib('VmHWM') }
}

interface Flooded {
  readonly lines: number
  readonly dropped: number | undefined
}

describe.runIf(process.platform === 'linux')('PinoLogger on a standard output nobody reads', () => {
  let child: ChildProcess | undefined
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
    }
    child = undefined
  })

  it('keeps its memory bounded by dropping lines, and says how many once the reader is back', async () => {
    const proc = spawn(process.execPath, [SCRIPT, String(LINES)], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    child = proc
    // Nobody reads: the pipe fills and the child's writes stall, as behind a stuck log shipper.
    proc.stdout?.pause()
    let stderr = ''
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const messages: Array<Record<string, unknown>> = []
    proc.on('message', (message) => messages.push(message as Record<string, unknown>))
    const pid = proc.pid ?? 0

    await waitFor(() => messages.some((m) => m.ready === true), {
      timeoutMs: 15_000,
      what: `ready ${stderr}`,
    })
    const before = memoryOf(pid)
    proc.send('flood')
    const flooded = (await waitFor(() => messages.find((m) => m.flooded === true), {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: `the flood written ${stderr}`,
    })) as unknown as Flooded
    const during = memoryOf(pid)

    // The reader comes back: everything still buffered arrives, then the report of what was dropped.
    let received = 0
    let receivedBytes = 0
    let reported = 0
    const reports: Array<Record<string, unknown>> = []
    let partial = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      receivedBytes += chunk.length
      const text = partial + chunk.toString()
      const lines = text.split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        const record = JSON.parse(line) as Record<string, unknown>
        if (record.msg === 'flood') received++
        else if (typeof record.dropped === 'number') {
          reported += record.dropped
          reports.push(record)
        }
      }
    })
    proc.stdout?.resume()
    await waitFor(() => received + reported >= LINES, {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: `every line either received or reported dropped (received ${received}, reported ${reported})`,
    })

    const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`
    console.log(
      [
        `offered ${flooded.lines} lines (${mib(flooded.lines * (receivedBytes / Math.max(received, 1)))}) to a stalled stdout`,
        `RSS before ${mib(before.rss)}, after the flood ${mib(during.rss)}, peak ${mib(during.peak)} (growth ${mib(during.peak - before.rss)})`,
        `once read again: ${received} lines (${mib(receivedBytes)}) received, ${reported} reported dropped in ${reports.length} report line(s)`,
      ].join('\n'),
    )
    expect(during.peak - before.rss).toBeLessThan(RSS_GROWTH_BOUND)
    expect(reported).toBeGreaterThan(0)
    expect(received + reported).toBe(LINES)
    expect(flooded.dropped).toBe(reported)
    expect(reports[0]).toMatchObject({ level: 'warn', service: 'flood', droppedTotal: expect.any(Number) })
    proc.send('exit')
  })
})
