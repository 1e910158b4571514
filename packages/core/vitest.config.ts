import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'core',
    // These run beside the Go build on two cores (tools/test.sh): the timeout is there to catch a
    // hang, and 5 s (the default) failed a 100-case property test once under that load.
    testTimeout: 30_000,
    include: ['src/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    // In-memory only, nothing global is changed: the files of a worker share one module graph
    // rather than each loading the testkit again (21 files: 24 s → 6 s here).
    isolate: false,
  },
})
