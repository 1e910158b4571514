import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

/** The flood tests saturate the CPU on purpose: they run alone, last (vitest.floods.config.ts). */
export const FLOOD_TESTS = ['test/flood.test.ts', 'test/in-limit-flood.test.ts']

// Node processes talking over real sockets: our nodes, the dev services, the Go reference's programs.
export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'p2p-processes',
    include: ['test/**/*.test.ts'],
    exclude: ['test/compose-file.test.ts', ...FLOOD_TESTS],
    // Real sockets and real handshakes: slower than the in-memory suites.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // After the in-process projects, two files at a time: a file mostly waits on handshakes and
    // deadlines while its processes start, so two share the cores without starving each other.
    sequence: { groupOrder: 1 },
  },
})
