import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

// Node processes talking over real sockets: our nodes, the dev services, the Go reference's programs.
export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'p2p-processes',
    include: ['test/**/*.test.ts'],
    exclude: ['test/compose-file.test.ts'],
    // Real sockets and real handshakes: slower than the in-memory suites.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts several node processes, and the flood test saturates the CPU on purpose:
    // run the files one after another so they do not starve each other of the two cores.
    fileParallelism: false,
  },
})
