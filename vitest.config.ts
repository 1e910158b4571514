import { defineConfig } from 'vitest/config'
import projects, { IN_PROCESS_PROJECTS, PROCESS_PROJECTS } from './vitest.workspace.js'

/**
 * `TEST_PHASE` picks half of the projects, so `tools/test.sh` can run the in-process ones while
 * the Go test programs are still being built; unset, every project runs.
 */
function projectsOfPhase(phase: string | undefined): readonly string[] {
  if (phase === undefined || phase === '') return projects
  if (phase === 'in-process') return IN_PROCESS_PROJECTS
  if (phase === 'processes') return PROCESS_PROJECTS
  throw new Error(`TEST_PHASE=${phase}: expected in-process or processes, or unset for every project`)
}

export default defineConfig({
  test: {
    projects: [...projectsOfPhase(process.env.TEST_PHASE)],
    // CI has 2 cores; the integration suites start real processes and sockets.
    maxWorkers: 2,
    // Every in-process project sets `isolate: false`: the files of a worker share one module
    // graph instead of importing the workspace again per file (the in-process projects: 145 s →
    // 100 s here). A test file that changes a global restores it. The projects that start
    // processes keep isolation and run after the others, two files at a time, the floods alone.
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
