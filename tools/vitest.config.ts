import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'tools',
    isolate: false,
    include: ['**/*.test.ts'],
  },
})
