import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'prometheus-metrics',
    isolate: false,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
})
