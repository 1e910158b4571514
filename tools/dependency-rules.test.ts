import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const depcruise = join(root, 'node_modules', '.bin', 'depcruise')

/**
 * Runs the real dependency rules of .dependency-cruiser.cjs over a throw-away tree laid out
 * like ours, so that the rule that keeps domain and core free of I/O is itself tested.
 */
async function cruise(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['packages', '--config', '.dependency-cruiser.cjs'], { cwd: dir })
    return { code: 0, output: stdout }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` }
  }
}

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'depcruise-'))
  await copyFile(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'))
  await copyFile(join(root, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  return dir
}

describe('dependency rules', () => {
  const dirs: string[] = []
  let clean: string
  let dirty: string

  beforeAll(async () => {
    clean = await fixture({
      'packages/domain/src/a.ts': 'export const a = 1\n',
      'packages/core/src/b.ts': "import { a } from '../../domain/src/a.js'\nexport const b = a\n",
    })
    dirty = await fixture({
      'packages/domain/src/a.ts':
        "import 'ws'\nimport { readFileSync } from 'node:fs'\nexport const a = readFileSync\n",
      'packages/core/src/b.ts': "import '@libp2p/tcp'\nimport '../../adapter/src/c.js'\nexport const b = 1\n",
      'packages/core/src/b.test.ts': "import '../../adapter/src/c.js'\n",
      'packages/adapter/src/c.ts': 'export const c = 1\n',
      'packages/memory-ports/src/d.ts':
        "import 'vitest'\nimport 'fast-check'\nimport '../../adapter/src/c.js'\nexport const d = 1\n",
      'packages/memory-ports/src/d.test.ts': "import 'vitest'\n",
      'packages/adapter/src/e.ts': "import 'fast-check'\nexport const e = 1\n",
      'packages/testkit/src/f.ts': "import 'fast-check'\nexport const f = 1\n",
    })
    dirs.push(clean, dirty)
  }, 30_000)

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('passes a tree where domain and core import nothing from outside', async () => {
    const result = await cruise(clean)
    expect(result.output).toContain('no dependency violations')
    expect(result.code).toBe(0)
  }, 30_000)

  it('fails when domain imports ws or node:fs, or core imports libp2p or an adapter', async () => {
    const result = await cruise(dirty)
    expect(result.code).not.toBe(0)
    expect(result.output).toMatch(/domain-is-pure: packages\/domain\/src\/a\.ts → ws/)
    expect(result.output).toMatch(/domain-is-pure: packages\/domain\/src\/a\.ts → fs/)
    expect(result.output).toMatch(/core-is-pure: packages\/core\/src\/b\.ts → @libp2p\/tcp/)
    expect(result.output).toMatch(
      /core-depends-on-domain-only: packages\/core\/src\/b\.ts → packages\/adapter/,
    )
    // Test files may use adapters (the testkit's in-memory ones, for instance).
    expect(result.output).not.toMatch(/b\.test\.ts → packages\/adapter/)
  }, 30_000)

  it('fails when the in-memory ports (or any runtime code) import a test library, or they an adapter', async () => {
    const result = await cruise(dirty)
    expect(result.output).toMatch(
      /memory-ports-are-runtime-safe: packages\/memory-ports\/src\/d\.ts → vitest/,
    )
    expect(result.output).toMatch(
      /memory-ports-are-runtime-safe: packages\/memory-ports\/src\/d\.ts → fast-check/,
    )
    expect(result.output).toMatch(
      /memory-ports-depend-on-domain-only: packages\/memory-ports\/src\/d\.ts → packages\/adapter/,
    )
    expect(result.output).not.toMatch(
      /memory-ports-are-runtime-safe: packages\/memory-ports\/src\/d\.test\.ts/,
    )
    // Nor may any other runtime code; the testkit may.
    expect(result.output).toMatch(/no-test-library-at-runtime: packages\/adapter\/src\/e\.ts → fast-check/)
    expect(result.output).not.toMatch(/no-test-library-at-runtime: packages\/testkit/)
  }, 30_000)
})
