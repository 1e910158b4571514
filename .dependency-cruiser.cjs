/**
 * Layer rules. The domain and the core are pure: they talk to the world only through ports,
 * so they must not import network, file or web libraries, Node's I/O modules, or any adapter.
 * The in-memory ports (packages/memory-ports) run in the product too, so they import no test library.
 * Test files are exempt: they may pull in the in-memory ports, the testkit and its libraries.
 */
const IO_MODULES = [
  '^libp2p($|/)',
  '^@libp2p/',
  '^@chainsafe/',
  '^@multiformats/',
  '^@grpc/',
  '^@bufbuild/',
  '^ws($|/)',
  '^express($|/)',
  '^prom-client($|/)',
  '^pino($|/)',
  '^undici($|/)',
  '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline|os)$',
]
const NOT_TESTS = '\\.test\\.ts$|/test/'
// A test library, by name when it cannot be resolved and by its installed path when it can.
const TEST_LIBRARIES = ['vitest', '@vitest/[^/]+', 'fast-check', '@p2p/testkit'].map(
  (name) => `(^|/node_modules/)${name}($|/)`,
)

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'packages/domain holds types, codecs and ports: no I/O library, no Node I/O module.',
      severity: 'error',
      from: { path: '^packages/domain/src', pathNot: NOT_TESTS },
      to: { path: IO_MODULES },
    },
    {
      name: 'core-is-pure',
      comment: 'packages/core orchestrates ports only: no I/O library, no Node I/O module.',
      severity: 'error',
      from: { path: '^packages/core/src', pathNot: NOT_TESTS },
      to: { path: IO_MODULES },
    },
    {
      name: 'domain-depends-on-nothing-of-ours',
      comment: 'The domain is the innermost layer.',
      severity: 'error',
      from: { path: '^packages/domain/src', pathNot: NOT_TESTS },
      to: { path: '^packages/(?!domain/)|^@p2p/(?!domain$)' },
    },
    {
      name: 'core-depends-on-domain-only',
      comment: 'The core may use the domain, never an adapter or the testkit.',
      severity: 'error',
      from: { path: '^packages/core/src', pathNot: NOT_TESTS },
      to: { path: '^packages/(?!domain/|core/)|^@p2p/(?!domain$)' },
    },
    {
      name: 'memory-ports-are-runtime-safe',
      comment:
        'packages/memory-ports runs in the product (the simulated chain is the embedded default): no test library, no I/O.',
      severity: 'error',
      from: { path: '^packages/memory-ports/src', pathNot: NOT_TESTS },
      to: { path: [...IO_MODULES, ...TEST_LIBRARIES] },
    },
    {
      name: 'no-test-library-at-runtime',
      comment: 'Only the testkit and tests may import vitest, fast-check or the testkit.',
      severity: 'error',
      from: { path: '^(packages|apps)/(?!testkit/)[^/]+/src/', pathNot: NOT_TESTS },
      to: { path: TEST_LIBRARIES },
    },
    {
      name: 'memory-ports-depend-on-domain-only',
      comment:
        'The in-memory ports build on the domain alone; the testkit builds on them, never the reverse.',
      severity: 'error',
      from: { path: '^packages/memory-ports/src', pathNot: NOT_TESTS },
      to: { path: '^packages/(?!domain/|memory-ports/)|^@p2p/(?!domain$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(packages|apps)/' },
      // A cycle made only of `import type` vanishes at compile time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a missing dependency.',
      severity: 'error',
      from: { path: '^(packages|apps)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Our build output only: installed packages stay visible (not followed), so rules can name them.
    exclude: { path: ['^packages/[^/]+/dist/', '^apps/[^/]+/dist/', '^bench/dist/', '^interop/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    combinedDependencies: false,
  },
}
