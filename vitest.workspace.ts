/**
 * The test projects of the workspace. Vitest 4 no longer reads this file by itself; the root
 * vitest.config.ts imports it as `test.projects`, so it stays the one list of projects.
 * Each entry is a folder whose own vitest.config.ts holds that package's settings.
 */
export default [
  'packages/*/vitest.config.ts',
  'apps/*/vitest.config.ts',
  // apps/p2p's tests that start processes (`p2p-processes`), and its flood tests alone, last.
  'apps/p2p/vitest.processes.config.ts',
  'apps/p2p/vitest.floods.config.ts',
  'tools/vitest.config.ts',
  'interop/vitest.config.ts',
] as const
