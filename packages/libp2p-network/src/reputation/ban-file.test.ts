import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_BAN_FILE_NAME, loadBanFile, writeBanFile } from './ban-file.js'

const NOW = Date.parse('2025-01-01T00:00:00.000Z')
const HOUR = 3_600_000

describe('the ban file', () => {
  let dir: string
  let path: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-bans-'))
    path = join(dir, DEFAULT_BAN_FILE_NAME)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('round-trips bans, as readable JSON with mode 0600', async () => {
    const bans = [
      { peer: '12D3KooWA', until: NOW + HOUR, reason: 'spam: flood' },
      { peer: '12D3KooWB', until: NOW + 2 * HOUR, reason: 'invalid_message: bad block' },
    ]
    await writeBanFile(path, bans)
    const logger = new MemoryLogger()
    expect(await loadBanFile(path, NOW, logger)).toEqual({ ok: true, bans, expired: 0 })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      bans: [
        { peer: '12D3KooWA', until: '2025-01-01T01:00:00.000Z', reason: 'spam: flood' },
        { peer: '12D3KooWB', until: '2025-01-01T02:00:00.000Z', reason: 'invalid_message: bad block' },
      ],
    })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(logger.entries).toHaveLength(0)
  })

  it('leaves no temp file behind, and replaces the old content whole', async () => {
    await writeBanFile(path, [{ peer: 'a', until: NOW + HOUR, reason: 'r' }])
    await writeBanFile(path, [])
    expect(await readdir(dir)).toEqual([DEFAULT_BAN_FILE_NAME])
    expect(await loadBanFile(path, NOW, new MemoryLogger())).toEqual({ ok: true, bans: [], expired: 0 })
  })

  it('treats a missing file as no bans', async () => {
    expect(await loadBanFile(path, NOW, new MemoryLogger())).toEqual({ ok: true, bans: [], expired: 0 })
  })

  it('drops expired bans on load', async () => {
    await writeBanFile(path, [
      { peer: 'old', until: NOW - 1, reason: 'r' },
      { peer: 'now', until: NOW, reason: 'r' },
      { peer: 'live', until: NOW + 1, reason: 'r' },
    ])
    const loaded = await loadBanFile(path, NOW, new MemoryLogger())
    expect(loaded).toEqual({ ok: true, bans: [{ peer: 'live', until: NOW + 1, reason: 'r' }], expired: 2 })
  })

  it.each([
    ['not JSON', '{"version": 1, "bans": ['],
    ['the wrong shape', JSON.stringify({ version: 1, bans: { peer: 'a' } })],
    ['an unknown version', JSON.stringify({ version: 2, bans: [] })],
  ])('moves a corrupt file (%s) aside and reports it with its path and reason', async (_label, text) => {
    await writeFile(path, text)
    const logger = new MemoryLogger()
    expect(await loadBanFile(path, NOW, logger)).toEqual({ ok: true, bans: [], expired: 0 })
    const movedTo = `${path}.corrupt-${NOW}`
    expect(await readdir(dir)).toEqual([`${DEFAULT_BAN_FILE_NAME}.corrupt-${NOW}`])
    expect(await readFile(movedTo, 'utf8')).toBe(text)
    const report = logger.find('error', 'the ban file is corrupt; moved it aside and started with no bans')
    expect(report?.context).toMatchObject({
      path,
      movedTo,
      reason: expect.stringMatching(/^not (JSON|a ban file)/),
    })
  })

  it('refuses a dangling link as the ban file, saying so', async () => {
    await symlink(join(dir, 'gone', 'bans.json'), path)
    const logger = new MemoryLogger()
    expect(await loadBanFile(path, NOW, logger)).toEqual({ ok: false })
    expect(
      logger.find('error', 'cannot read the ban file; bans of earlier runs are not enforced')?.context
        ?.reason,
    ).toBe(
      'is a symbolic link to a file that cannot be opened (ENOENT); restore its target or remove the link',
    )
  })

  it.each([
    ['a directory', (at: string) => mkdir(at)],
    ['a FIFO', async (at: string) => execFileSync('mkfifo', [at])],
    ['a character device', (at: string) => symlink('/dev/zero', at)],
  ])('refuses a ban file that is %s at once, leaving it alone', async (kind, make) => {
    await make(path)
    const logger = new MemoryLogger()
    expect(await loadBanFile(path, NOW, logger)).toEqual({ ok: false })
    expect(
      logger.find('error', 'cannot read the ban file; bans of earlier runs are not enforced')?.context,
    ).toEqual({ path, reason: `is not a regular file (${kind})`, setting: 'p2p_peer_cache_dir' })
    expect(await readdir(dir)).toEqual([DEFAULT_BAN_FILE_NAME])
  })

  it('drops a bad entry and keeps the other bans, reporting what was dropped', async () => {
    const good = { peer: 'peer-a', until: new Date(NOW + HOUR).toISOString(), reason: 'spam' }
    const text = JSON.stringify({
      version: 1,
      bans: [good, { peer: 'peer-b', until: 'tomorrow', reason: '' }, 42, { ...good, peer: 'peer-c' }],
    })
    await writeFile(path, text)
    const logger = new MemoryLogger()
    expect(await loadBanFile(path, NOW, logger)).toEqual({
      ok: true,
      bans: [
        { peer: 'peer-a', until: NOW + HOUR, reason: 'spam' },
        { peer: 'peer-c', until: NOW + HOUR, reason: 'spam' },
      ],
      expired: 0,
    })
    expect(
      logger.find('warn', 'dropped bad entries of the ban file; the other bans are kept')?.context,
    ).toEqual({
      path,
      dropped: 2,
      problems: [expect.stringMatching(/^bans\.1\.until: /), expect.stringMatching(/^bans\.2: /)],
    })
    expect(await readFile(path, 'utf8')).toBe(text)
  })

  it('removes the temp files a killed write left, before it loads', async () => {
    await writeBanFile(path, [{ peer: 'peer-a', until: NOW + HOUR, reason: 'spam' }])
    const leftovers = [
      `.${DEFAULT_BAN_FILE_NAME}.${process.pid}.0f8fad5b-d9cb-469f-a165-70867728950e.tmp`,
      `.${DEFAULT_BAN_FILE_NAME}.999999999.7c9e6679-7425-40de-944b-e07fc1f90ae7.tmp`,
    ]
    for (const name of leftovers) await writeFile(join(dir, name), '{"version": 1, "ba')
    const logger = new MemoryLogger()
    const loaded = await loadBanFile(path, NOW, logger)
    expect(loaded.ok && loaded.bans.map((ban) => ban.peer)).toEqual(['peer-a'])
    expect(await readdir(dir)).toEqual([DEFAULT_BAN_FILE_NAME])
    expect(logger.find('info', 'removed leftovers of an interrupted ban file write')?.context).toEqual({
      removed: expect.arrayContaining(leftovers),
    })
  })
})
