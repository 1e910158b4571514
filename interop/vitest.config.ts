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
    // Each file starts a few Go processes that mostly wait on sockets: two files at a time, after
    // the in-process projects (the p2p-processes group).
    sequence: { groupOrder: 1 },
  },
})
