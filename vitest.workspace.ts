/**
 * The test projects of the workspace. Vitest 4 no longer reads this file by itself; the root
 * vitest.config.ts imports it as `test.projects`, so it stays the one list of projects.
 * Each entry is a folder whose own vitest.config.ts holds that package's settings.
 */

/** Projects whose tests run inside vitest's workers: no process of their own, no Go program. */
export const IN_PROCESS_PROJECTS = [
  'packages/*/vitest.config.ts',
  'apps/*/vitest.config.ts',
  'tools/vitest.config.ts',
] as const

/**
 * Projects that start processes, the Go test programs (`interop/bin`) among them: apps/p2p's
 * (`p2p-processes`), its two flood tests alone and last (`p2p-floods`), and `interop`.
 */
export const PROCESS_PROJECTS = [
  'apps/p2p/vitest.processes.config.ts',
  'apps/p2p/vitest.floods.config.ts',
  'interop/vitest.config.ts',
] as const

export default [...IN_PROCESS_PROJECTS, ...PROCESS_PROJECTS] as const
