import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

// The app's own modules (settings, composition): in parallel with the other packages' tests.
// The tests that start node processes are the `p2p-processes` project (vitest.processes.config.ts).
export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'p2p',
    isolate: false,
    include: ['src/**/*.test.ts', 'test/compose-file.test.ts'],
    // A few start the compiled service to see which modules it loads.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
