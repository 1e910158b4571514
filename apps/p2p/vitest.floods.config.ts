import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'
import { FLOOD_TESTS } from './vitest.processes.config.js'

// The flood tests load one node as hard as the test process can: each runs alone, after every
// other project, so neither it nor another test is measured on a starved machine.
export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'p2p-floods',
    include: FLOOD_TESTS,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
})
