import { defineConfig } from 'vitest/config'
import projects from './vitest.workspace.js'

export default defineConfig({
  test: {
    projects: [...projects],
    // CI has 2 cores; the integration suites start real processes and sockets.
    maxWorkers: 2,
    // Every in-process project sets `isolate: false`: the files of a worker share one module
    // graph instead of importing the workspace again per file (the in-process projects: 145 s →
    // 100 s here). A test file that changes a global restores it; the projects that start
    // processes (interop, p2p-processes) keep isolation and run one file at a time, last.
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
