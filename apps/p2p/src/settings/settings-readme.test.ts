import { describe, expect, it } from 'vitest'
import { settingsTable } from './settings-docs.js'
import { replaceSettingsTable, settingsTableIn, TABLE_END, TABLE_START } from './settings-readme.js'

describe('the README settings table rewrite', () => {
  it('replaces only the text between the markers, and is stable', () => {
    const readme = `# Title\n\nbefore\n\n${TABLE_START}\n\n| old | table |\n\n${TABLE_END}\n\nafter\n`
    const rewritten = replaceSettingsTable(readme)
    expect(rewritten).toBe(
      `# Title\n\nbefore\n\n${TABLE_START}\n\n${settingsTable()}\n\n${TABLE_END}\n\nafter\n`,
    )
    expect(settingsTableIn(rewritten)).toBe(settingsTable())
    expect(replaceSettingsTable(rewritten)).toBe(rewritten)
  })

  it('refuses a README without its markers rather than guessing where the table is', () => {
    expect(() => replaceSettingsTable('# Title\n\n| setting |\n')).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining(TABLE_START) }),
    )
    expect(() => settingsTableIn(`${TABLE_END}\n${TABLE_START}\n`)).toThrow(/lacks the markers/)
  })
})
