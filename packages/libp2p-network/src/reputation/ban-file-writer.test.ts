import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BanFileWriter } from './ban-file-writer.js'
import type { BanRecord } from './ban-scores.js'

const UNTIL = Date.parse('2030-01-01T00:00:00.000Z')

describe('BanFileWriter', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-ban-writer-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  function make(minCompactBytes?: number) {
    const bans: BanRecord[] = []
    let rewrites = 0
    const snapshot = () => {
      rewrites++
      return bans
    }
    const writer = new BanFileWriter(
      { snapshot, logger: new MemoryLogger() },
      { path: join(dir, 'bans.json'), delayMs: 20, minCompactBytes },
    )
    const ban = (peer: string) => {
      const record = { peer, until: UNTIL, reason: 'r' }
      bans.push(record)
      writer.added(record)
    }
    return { writer, ban, rewrites: () => rewrites }
  }

  const journalLines = async () =>
    (await readFile(join(dir, 'bans.journal'), 'utf8')).split('\n').filter((line) => line !== '')

  it('appends a burst of bans to the journal in one write, and close compacts it into the ban file', async () => {
    const { writer, ban, rewrites } = make()
    writer.open()
    for (let i = 0; i < 100; i++) ban(`p${i}`)
    await waitFor(async () => (await journalLines().catch(() => [])).length === 100, { what: 'the journal' })
    expect(rewrites()).toBe(0)
    expect(JSON.parse((await journalLines())[0] ?? '')).toEqual({
      peer: 'p0',
      until: '2030-01-01T00:00:00.000Z',
      reason: 'r',
    })
    expect((await stat(join(dir, 'bans.journal'))).mode & 0o777).toBe(0o600)
    await writer.close()
    expect(rewrites()).toBe(1)
    expect(await readdir(dir)).toEqual(['bans.json'])
    const file = JSON.parse(await readFile(join(dir, 'bans.json'), 'utf8'))
    expect(file.bans).toHaveLength(100)
  })

  it('rewrites the ban file only when the journal outgrows it', async () => {
    const { writer, ban, rewrites } = make(1_000)
    writer.open()
    for (let i = 0; i < 5; i++) ban(`first-${i}`)
    await waitFor(() => writer.journalSize > 0, { what: 'the first append' })
    expect(rewrites()).toBe(0)
    // About 80 bytes a line: 20 lines pass the 1,000-byte floor.
    for (let i = 0; i < 20; i++) ban(`second-${i}`)
    await waitFor(() => rewrites() === 1, { what: 'a compaction' })
    await waitFor(() => writer.journalSize === 0, { what: 'the journal to be emptied' })
    expect(await readdir(dir)).toEqual(['bans.json'])
    await writer.close()
    expect(rewrites()).toBe(1)
  })

  it('holds bans until opened, and a held writer writes nothing', async () => {
    const { writer, ban } = make()
    ban('early')
    await writer.close()
    expect(await readdir(dir)).toEqual([])

    const second = make()
    second.ban('early')
    second.writer.open()
    await second.writer.close()
    expect(second.rewrites()).toBe(1)
    expect(await readdir(dir)).toEqual(['bans.json'])
  })

  it('compacts on request (a journal found at load) and writes nothing after close', async () => {
    const { writer, rewrites, ban } = make()
    writer.compact()
    writer.open()
    await waitFor(() => rewrites() === 1, { what: 'the compaction' })
    await writer.close()
    expect(rewrites()).toBe(1)
    ban('late')
    await writer.close()
    expect(rewrites()).toBe(1)
    expect(await readdir(dir)).toEqual(['bans.json'])
  })
})
