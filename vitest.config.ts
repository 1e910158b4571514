import { defineConfig } from 'vitest/config'
import projects from './vitest.workspace.js'

export default defineConfig({
  test: {
    projects: [...projects],
    // CI has 2 cores; the integration suites start real processes and sockets.
    maxWorkers: 2,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
