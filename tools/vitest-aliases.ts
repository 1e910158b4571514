import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Maps every workspace package name to its TypeScript entry, so tests run against the sources
 * without a build step in between (the build still type-checks everything in `pnpm test`).
 */
export function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {}
  for (const group of ['packages', 'apps']) {
    let entries: string[]
    try {
      entries = readdirSync(join(root, group))
    } catch {
      continue
    }
    for (const entry of entries) {
      const dir = join(root, group, entry)
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
        if (manifest.name) aliases[manifest.name] = join(dir, 'src', 'index.ts')
      } catch {
        // not a package (no manifest): nothing to alias
      }
    }
  }
  return aliases
}
