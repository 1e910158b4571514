import { fileURLToPath } from 'node:url'

/** The repository root (this file is bench/dist/lib/paths.js once built). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const P2P_MAIN = fileURLToPath(new URL('../../../apps/p2p/dist/main.js', import.meta.url))
export const DEV_SERVICES_MAIN = fileURLToPath(
  new URL('../../../apps/dev-services/dist/main.js', import.meta.url),
)
export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url))

/** A compiled bench script, by its path under bench/dist (e.g. `gossip/bare-node.js`). */
export function benchScript(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url))
}

/**
 * `BENCH_CPU_PROF=<dir>`: the gossip nodes (bare and apps/p2p) and the fan-out servers run with `--cpu-prof`, writing
 * .cpuprofile files there when they stop (open them in Chrome DevTools or speedscope).
 */
export function profilingArgs(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROF
  const heapDir = process.env.BENCH_HEAP_SNAPSHOTS
  return [
    ...(dir === undefined || dir === ''
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`]),
    // `kill -USR2 <pid>` then writes a heap snapshot of that process into the directory.
    ...(heapDir === undefined || heapDir === ''
      ? []
      : ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`]),
  ]
}
