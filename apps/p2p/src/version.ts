import { readFileSync } from 'node:fs'

/** The app's version, from its package.json (read once at startup). */
export function appVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return manifest.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
