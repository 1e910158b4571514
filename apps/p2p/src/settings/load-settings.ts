import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { P2PError } from '@p2p/domain'
import { SETTING_DEFINITIONS, SETTING_KEYS } from './setting-definitions.js'
import { parseSettingsText } from './settings-file.js'
import { type Settings, settingsSchema } from './settings-schema.js'

// main.ts takes --help from here, beside the loading it describes.
export { settingsHelp } from './settings-docs.js'

export interface LoadedSettings {
  readonly settings: Settings
  /** Where each value came from, for the startup log. */
  readonly sources: Readonly<Record<string, 'default' | 'settings.conf' | 'settings_local.conf' | 'env'>>
  /** Things worth a warning: unknown keys in the files. */
  readonly warnings: readonly string[]
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new P2PError('invalid_config', `cannot read ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * Defaults, then `settings.conf`, then `settings_local.conf` (both in `dir`, both optional, with
 * `key.context` lines chosen by SETTINGS_CONTEXT), then an environment variable with exactly the
 * setting's name. One schema checks the result; every problem is reported at once.
 */
export async function loadSettings(
  env: Readonly<Record<string, string | undefined>>,
  dir: string,
): Promise<LoadedSettings> {
  const raw: Record<string, string | undefined> = {}
  const sources: Record<string, LoadedSettings['sources'][string]> = {}
  for (const definition of SETTING_DEFINITIONS) {
    raw[definition.key] = definition.default
    sources[definition.key] = 'default'
  }
  const warnings: string[] = []
  const problems: string[] = []
  const context = env.SETTINGS_CONTEXT
  for (const file of ['settings.conf', 'settings_local.conf'] as const) {
    const text = await readOptional(join(dir, file))
    if (text === undefined) continue
    const parsed = parseSettingsText(text, context, file)
    problems.push(...parsed.problems)
    for (const [key, value] of parsed.values) {
      if (!SETTING_KEYS.has(key)) {
        warnings.push(`${file}: unknown setting ${key} (ignored)`)
        continue
      }
      raw[key] = value
      sources[key] = file
    }
  }
  for (const key of SETTING_KEYS) {
    const value = env[key]
    if (value !== undefined) {
      raw[key] = value
      sources[key] = 'env'
    }
  }
  const parsed = settingsSchema.safeParse(raw)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '(settings)')
      const value = raw[key]
      problems.push(`${key}=${shownValue(key, value)}: ${issue.message}`)
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new P2PError('invalid_config', `invalid settings:\n  ${problems.join('\n  ')}`, {
      context: { problems },
    })
  }
  return { settings: parsed.data, sources, warnings }
}

/** A refused value as the message shows it: never a key, never a password in a URL. */
function shownValue(key: string, value: string | undefined): string {
  if (key.includes('key') && key !== 'server_keyFile') return '(hidden)'
  return JSON.stringify((value ?? '').replace(/\/\/[^/@]*@/, '//(hidden)@'))
}
