import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { SETTING_DEFINITIONS, SETTINGS } from './setting-definitions.js'
import { settingsHelp, settingsTable } from './settings-docs.js'
import { settingsTableIn } from './settings-readme.js'
import { settingsSchema } from './settings-schema.js'

const README = new URL('../../../../README.md', import.meta.url)

/** key → default as --help shows it (undefined: none shown). */
function helpDefaults(): Map<string, string | undefined> {
  const rows = settingsHelp()
    .split('\n')
    .map((line) => /^ {2}(\S+) {2,}.*?(?: \(default: (.*)\))?$/.exec(line))
    .filter((match) => match !== null)
  return new Map(rows.map((match) => [match[1] ?? '', match[2]]))
}

/** key → default as the markdown table shows it, in --help's spelling. */
function tableDefaults(table: string): Map<string, string | undefined> {
  const rows = table
    .split('\n')
    .slice(2)
    .map((line) => /^\| `(\w+)` +\| (.*?) +\|/.exec(line))
  expect(rows.every((match) => match !== null)).toBe(true)
  const spelled = (cell: string) => {
    if (cell === '(unset)') return undefined
    if (cell === '(empty)') return '""'
    return cell.replace(/^`(.*)`$/, '$1').replace(/\\\|/g, '|')
  }
  return new Map(rows.map((match) => [match?.[1] ?? '', spelled(match?.[2] ?? '')]))
}

describe('the settings declared once', () => {
  it('are exactly the keys the schema reads', () => {
    expect(Object.keys(settingsSchema.shape)).toEqual(SETTING_DEFINITIONS.map((d) => d.key))
  })

  it('have defaults that their own schemas accept', () => {
    const refused = SETTING_DEFINITIONS.filter(
      (d) => d.default !== undefined && !SETTINGS[d.key].schema.safeParse(d.default).success,
    )
    expect(refused.map((d) => d.key)).toEqual([])
  })

  it('list the same keys with the same defaults in --help and in the README table', () => {
    const help = helpDefaults()
    const table = tableDefaults(settingsTable())
    expect([...help.keys()]).toEqual(SETTING_DEFINITIONS.map((d) => d.key))
    expect([...table.entries()]).toEqual([...help.entries()])
    expect(help.get('p2p_port')).toBe('9905')
    expect(help.get('p2p_static_peers')).toBe('""')
    expect(help.get('blockchain_grpcAddress')).toBeUndefined()
  })

  it('escape what markdown would misread in a table cell', () => {
    const table = settingsTable()
    expect(table).toContain(
      '| \\|-separated multiaddrs (with /p2p/\\<id>) or /dnsaddr/\\<domain> entries dialled first',
    )
    expect(table).toContain('private DHT protocol prefix (\\<id>/kad/1.0.0)')
  })

  it('are the table in README.md', async () => {
    const inReadme = settingsTableIn(await readFile(README, 'utf8'))
    expect(
      inReadme,
      'README.md: the settings table differs from the declarations; run `pnpm settings:readme`',
    ).toBe(settingsTable())
  })
})
