import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'interop',
    include: ['test/**/*.test.ts'],
    // Go processes and real handshakes on 127.0.0.1.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file starts several processes: one file at a time on the two cores.
    fileParallelism: false,
  },
})
