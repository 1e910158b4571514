import { SETTING_DEFINITIONS, type SettingDefinition } from './setting-definitions.js'

/** `--help`: every setting with its default and meaning. */
export function settingsHelp(): string {
  const width = Math.max(...SETTING_DEFINITIONS.map((d) => d.key.length))
  const lines = SETTING_DEFINITIONS.map((d) => {
    const shown = helpDefault(d)
    return `  ${d.key.padEnd(width)}  ${d.meaning}${shown === undefined ? '' : ` (default: ${shown})`}`
  })
  return [
    'Usage: p2p [--help]',
    '',
    'Settings come from settings.conf, then settings_local.conf (key=value, # comments,',
    'key.<context>=value chosen by SETTINGS_CONTEXT), then an environment variable with exactly',
    "the setting's name. Node-service addresses that are unset are served by the embedded chain.",
    '',
    ...lines,
  ].join('\n')
}

function helpDefault(d: SettingDefinition): string | undefined {
  if (d.shownDefault !== undefined) return d.shownDefault
  return d.default === '' ? '""' : d.default
}

/**
 * The README's settings table, in the layout Biome formats markdown tables to (columns padded
 * to the widest cell), so that `pnpm settings:readme` and `pnpm lint` agree on the same text.
 */
export function settingsTable(): string {
  const rows = [
    ['setting', 'default', 'meaning'],
    ...SETTING_DEFINITIONS.map((d) => [`\`${d.key}\``, tableDefault(d), markdownText(d.meaning)]),
  ]
  const widths = [0, 1, 2].map((column) => Math.max(3, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  const [header, ...body] = rows
  return [line(header ?? []), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n')
}

function tableDefault(d: SettingDefinition): string {
  if (d.shownDefault !== undefined) return markdownText(d.shownDefault)
  if (d.default === undefined) return '(unset)'
  if (d.default === '') return '(empty)'
  return `\`${d.default.replace(/\|/g, '\\|')}\``
}

/** `|` would end the cell; `<id>` would be taken for an HTML tag and vanish on GitHub. */
function markdownText(text: string): string {
  return text.replace(/[|<]/g, (character) => `\\${character}`)
}
