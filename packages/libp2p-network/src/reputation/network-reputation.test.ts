import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseNetworkConfig } from '../config/network-config.js'
import { writeBanFile } from './ban-file.js'
import { NetworkReputation } from './network-reputation.js'

const SELF = '12D3KooWSelf'
const DAY = 24 * 3_600_000

describe('NetworkReputation', () => {
  let dir: string
  const clock = { now: Date.parse('2025-01-01T00:00:00.000Z') }
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2p-reputation-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  function make(overrides: Record<string, unknown> = {}) {
    const logger = new MemoryLogger()
    const config = parseNetworkConfig({ listen: { ip: '127.0.0.1', port: 0 }, dataDir: dir, ...overrides })
    const reputation = new NetworkReputation({ config, self: SELF, logger, now: () => clock.now })
    const disconnected: string[] = []
    reputation.onBan((peer) => disconnected.push(peer))
    return { reputation, logger, disconnected }
  }

  const bansFile = () => join(dir, 'bans.json')
  const fileBans = async () => JSON.parse(await readFile(bansFile(), 'utf8')).bans as Array<{ peer: string }>

  it('bans at the threshold: logs once at warn, disconnects, and writes the ban file', async () => {
    const { reputation, logger, disconnected } = make()
    await reputation.load()
    reputation.penalize('bad', 'spam', 'flood of pings')
    expect(disconnected).toEqual([])
    reputation.penalize('bad', 'spam', 'more pings')
    reputation.penalize('bad', 'spam', 'while banned')
    expect(disconnected).toEqual(['bad'])
    expect(reputation.isBanned('bad')).toBe(true)
    expect(logger.filter('warn', 'banned a peer').map((entry) => entry.context)).toEqual([
      { peer: 'bad', score: 100, reason: 'spam: more pings', until: '2025-01-02T00:00:00.000Z' },
    ])
    await waitFor(async () => (await fileBans().catch(() => [])).length === 1, { what: 'the ban file' })
    expect(await fileBans()).toEqual([
      { peer: 'bad', until: '2025-01-02T00:00:00.000Z', reason: 'spam: more pings' },
    ])
    await reputation.close()
    expect(await readdir(dir)).toEqual(['bans.json'])
  })

  it('does not write for score changes that ban nobody', async () => {
    const { reputation } = make()
    await reputation.load()
    reputation.penalize('p', 'invalid_message', 'x')
    await reputation.close()
    expect(await readdir(dir)).toEqual([])
  })

  it('coalesces a burst of bans into few writes, and close writes what is pending', async () => {
    const { reputation } = make({ banThreshold: 10 })
    await reputation.load()
    for (let i = 0; i < 50; i++) reputation.penalize(`peer-${i}`, 'invalid_message', 'x')
    await reputation.close()
    expect(await fileBans()).toHaveLength(50)
  })

  it('never bans itself', async () => {
    const { reputation, disconnected } = make({ banThreshold: 1 })
    reputation.penalize(SELF, 'spam', 'x')
    expect(reputation.isBanned(SELF)).toBe(false)
    expect(disconnected).toEqual([])
  })

  it('restores bans at load; a ban made before load joins them instead of replacing them', async () => {
    await writeBanFile(bansFile(), [
      { peer: 'earlier', until: clock.now + DAY, reason: 'spam: x' },
      { peer: 'expired', until: clock.now - 1, reason: 'spam: x' },
    ])
    const { reputation, logger } = make({ banThreshold: 10 })
    reputation.penalize('before-load', 'invalid_message', 'x')
    await reputation.load()
    expect(reputation.isBanned('earlier')).toBe(true)
    expect(reputation.bannedPeers().map((ban) => ban.peer)).toEqual(['before-load', 'earlier'])
    expect(logger.find('info', 'restored peer bans')?.context).toMatchObject({ restored: 1, expired: 1 })
    await reputation.close()
    expect((await fileBans()).map((ban) => ban.peer).sort()).toEqual(['before-load', 'earlier'])
  })

  it('moves a corrupt file aside, reports it, and keeps banning', async () => {
    await writeFile(bansFile(), 'garbage')
    const { reputation, logger } = make({ banThreshold: 10 })
    await reputation.load()
    expect(
      logger.find('error', 'the ban file is corrupt; moved it aside and started with no bans'),
    ).toBeDefined()
    reputation.penalize('p', 'invalid_message', 'x')
    await reputation.close()
    expect((await readdir(dir)).sort()).toEqual(['bans.json', `bans.json.corrupt-${clock.now}`])
  })

  it('keeps bans in memory only without a data directory', async () => {
    const logger = new MemoryLogger()
    const config = parseNetworkConfig({ listen: { ip: '127.0.0.1', port: 0 }, banThreshold: 10 })
    const reputation = new NetworkReputation({ config, self: SELF, logger, now: () => clock.now })
    await reputation.load()
    reputation.penalize('p', 'invalid_message', 'x')
    expect(reputation.isBanned('p')).toBe(true)
    await reputation.close()
    expect(await readdir(dir)).toEqual([])
  })
})
