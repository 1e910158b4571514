import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'domain',
    isolate: false,
    include: ['src/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
  },
})
