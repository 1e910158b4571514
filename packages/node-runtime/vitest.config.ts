import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'node-runtime',
    isolate: false,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real sockets and real handshakes: slower than the in-memory suites.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
