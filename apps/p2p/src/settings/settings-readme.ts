import { P2PError } from '@p2p/domain'
import { settingsTable } from './settings-docs.js'

export const TABLE_START =
  '<!-- settings table: generated from apps/p2p/src/settings/setting-definitions.ts by `pnpm settings:readme` -->'
export const TABLE_END = '<!-- end of the generated settings table -->'

/** The text between the README's two markers, trimmed; refused when a marker is missing. */
export function settingsTableIn(readme: string): string {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END, start)
  if (start < 0 || end < 0) {
    throw new P2PError('invalid_config', `README.md lacks the markers ${TABLE_START} ... ${TABLE_END}`)
  }
  return readme.slice(start + TABLE_START.length, end).trim()
}

/** The README with the generated table between its markers, the rest untouched. */
export function replaceSettingsTable(readme: string): string {
  settingsTableIn(readme)
  const start = readme.indexOf(TABLE_START) + TABLE_START.length
  const end = readme.indexOf(TABLE_END, start)
  return `${readme.slice(0, start)}\n\n${settingsTable()}\n\n${readme.slice(end)}`
}
