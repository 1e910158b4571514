import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg, release, totalmem } from 'node:os'

export interface MachineInfo {
  readonly nproc: number
  readonly cpuModel: string
  readonly ramGb: number
  readonly node: string
  readonly kernel: string
  readonly loadAverageAtStart: readonly number[]
}

export function machineInfo(): MachineInfo {
  let cpuModel = 'unknown'
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel
  } catch {
    // not Linux
  }
  return {
    nproc: availableParallelism(),
    cpuModel,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  }
}
