import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'testkit',
    // These run beside the Go build on two cores (tools/test.sh): the timeout is there to catch a
    // hang, and 5 s (the default) failed a 100-case property test once under that load.
    testTimeout: 30_000,
    isolate: false,
    include: ['src/**/*.test.ts'],
  },
})
