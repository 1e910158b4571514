/**
 * Layer rules. The domain and the core are pure: they talk to the world only through ports,
 * so they must not import network, file or web libraries, Node's I/O modules, or any adapter.
 * Test files are exempt: they may pull in the testkit's in-memory adapters.
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
    exclude: { path: '(^|/)(dist|node_modules)/' },
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
