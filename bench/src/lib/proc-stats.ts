import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (almost always 100). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

export interface ProcReading {
  /** User + system CPU time, in seconds. */
  readonly cpuSeconds: number
  readonly rssMb: number
}

/** One reading of a process's CPU time and resident set, or undefined once it is gone. */
export function readProc(pid: number): ProcReading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces; fields after it start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
    return { cpuSeconds: ticks / CLK_TCK, rssMb: rssKb / 1024 }
  } catch {
    return undefined
  }
}

/** Microseconds some task waited for a CPU since boot (Linux PSI), or undefined without PSI. */
export function cpuPressureMicros(): number | undefined {
  try {
    const text = readFileSync('/proc/pressure/cpu', 'utf8')
    const total = /^some .*total=(\d+)/m.exec(text)?.[1]
    return total === undefined ? undefined : Number(total)
  } catch {
    return undefined
  }
}

export interface ProcUsage {
  /** Average CPU over the window, 100 = one core. */
  readonly cpuPercent: number
  /** CPU time used in the window (user + system), seconds. */
  readonly cpuSeconds: number
  readonly rssMaxMb: number
  readonly rssMeanMb: number
}

interface Track {
  readonly pid: number
  first?: { atMs: number; reading: ProcReading }
  last?: { atMs: number; reading: ProcReading }
  rssMax: number
  rssSum: number
  count: number
}

export interface ProcSamplerOptions {
  /** The processes to sample, by the name their usage is reported under. */
  readonly pids: Readonly<Record<string, number>>
  /** Sample interval; 250 ms when left out. */
  readonly intervalMs?: number
}

/** Samples several processes' /proc entries on an interval; `stop` gives each one's usage over the window. */
export class ProcSampler {
  private readonly tracks = new Map<string, Track>()
  private timer: NodeJS.Timeout | undefined
  private pressureStart: { atMs: number; micros: number } | undefined
  /**
   * Share of the window in which some task on the machine waited for a CPU (PSI "some"), %:
   * how contended the machine was, us and everyone else. NaN without PSI.
   */
  pressurePct = Number.NaN

  private readonly intervalMs: number

  constructor(options: ProcSamplerOptions) {
    this.intervalMs = options.intervalMs ?? 250
    for (const [name, pid] of Object.entries(options.pids))
      this.tracks.set(name, { pid, rssMax: 0, rssSum: 0, count: 0 })
  }

  start(): this {
    const micros = cpuPressureMicros()
    if (micros !== undefined) this.pressureStart = { atMs: performance.now(), micros }
    this.sample()
    this.timer = setInterval(() => this.sample(), this.intervalMs)
    return this
  }

  stop(): Record<string, ProcUsage> {
    clearInterval(this.timer)
    this.sample()
    const micros = cpuPressureMicros()
    if (micros !== undefined && this.pressureStart !== undefined) {
      const elapsedUs = (performance.now() - this.pressureStart.atMs) * 1000
      this.pressurePct = Math.round((100 * (micros - this.pressureStart.micros)) / Math.max(1, elapsedUs))
    }
    const usage: Record<string, ProcUsage> = {}
    for (const [name, track] of this.tracks) {
      const { first, last } = track
      const seconds = first && last ? (last.atMs - first.atMs) / 1000 : 0
      usage[name] = {
        cpuPercent:
          first && last && seconds > 0
            ? (100 * (last.reading.cpuSeconds - first.reading.cpuSeconds)) / seconds
            : Number.NaN,
        cpuSeconds: first && last ? last.reading.cpuSeconds - first.reading.cpuSeconds : Number.NaN,
        rssMaxMb: track.count > 0 ? track.rssMax : Number.NaN,
        rssMeanMb: track.count > 0 ? track.rssSum / track.count : Number.NaN,
      }
    }
    return usage
  }

  private sample(): void {
    const atMs = performance.now()
    for (const track of this.tracks.values()) {
      const reading = readProc(track.pid)
      if (reading === undefined) continue
      track.first ??= { atMs, reading }
      track.last = { atMs, reading }
      track.rssMax = Math.max(track.rssMax, reading.rssMb)
      track.rssSum += reading.rssMb
      track.count++
    }
  }
}
