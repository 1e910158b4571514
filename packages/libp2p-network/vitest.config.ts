import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../tools/vitest-aliases.js'

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: 'libp2p-network',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real sockets and real handshakes: slower than the in-memory suites.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The files of a worker share one module graph rather than each importing libp2p again
    // (43 files: 45 s → 23 s here). Each file stops the nodes it started (test/clean-stop.test.ts
    // checks that stopping leaves nothing behind); no file relies on a global another one changes.
    isolate: false,
  },
})
