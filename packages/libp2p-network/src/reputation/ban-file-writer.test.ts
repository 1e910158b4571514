import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BanFileWriter } from './ban-file-writer.js'
import type { BanRecord } from './ban-scores.js'

describe('BanFileWriter', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-ban-writer-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  function make() {
    const bans: BanRecord[] = []
    let writes = 0
    const snapshot = () => {
      writes++
      return bans
    }
    const writer = new BanFileWriter(join(dir, 'bans.json'), snapshot, new MemoryLogger(), 20)
    return { writer, bans, writes: () => writes }
  }

  it('writes a burst of changes once', async () => {
    const { writer, bans, writes } = make()
    writer.open()
    for (let i = 0; i < 100; i++) {
      bans.push({ peer: `p${i}`, until: Date.now() + 60_000, reason: 'r' })
      writer.changed()
    }
    await waitFor(() => writes() === 1, { what: 'one write' })
    await writer.close()
    expect(writes()).toBe(1)
    expect(await readdir(dir)).toEqual(['bans.json'])
  })

  it('holds changes until opened, and a held writer writes nothing', async () => {
    const { writer, writes } = make()
    writer.changed()
    await writer.close()
    expect(writes()).toBe(0)
    expect(await readdir(dir)).toEqual([])

    const second = make()
    second.writer.changed()
    second.writer.open()
    await second.writer.close()
    expect(second.writes()).toBe(1)
  })

  it('writes again for a change made during a write, and nothing after close', async () => {
    const { writer, writes } = make()
    writer.open()
    writer.changed()
    await waitFor(() => writes() === 1)
    writer.changed()
    await writer.close()
    expect(writes()).toBe(2)
    writer.changed()
    await writer.close()
    expect(writes()).toBe(2)
  })
})
