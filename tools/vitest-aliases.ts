import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Groups of workspace packages, and packages that stand alone at the top level. */
const GROUPS = ['packages', 'apps']
const TOP_LEVEL_PACKAGES = ['interop']

/**
 * Maps every workspace package name to its TypeScript entry, so tests run against the sources
 * without a build step in between (the build still type-checks everything in `pnpm test`).
 */
export function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {}
  const dirs = TOP_LEVEL_PACKAGES.map((name) => join(root, name))
  for (const group of GROUPS) {
    try {
      for (const entry of readdirSync(join(root, group))) dirs.push(join(root, group, entry))
    } catch {
      // no such group
    }
  }
  for (const dir of dirs) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (manifest.name) aliases[manifest.name] = join(dir, 'src', 'index.ts')
    } catch {
      // not a package (no manifest): nothing to alias
    }
  }
  return aliases
}
