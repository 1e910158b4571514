import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryLogger, waitFor } from '@p2p/testkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseNetworkConfig } from '../config/network-config.js'
import { writeBanFile } from './ban-file.js'
import { journalLine } from './ban-journal.js'
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
    const reputation = new NetworkReputation({ logger, now: () => clock.now }, { ...config, self: SELF })
    const disconnected: string[] = []
    reputation.onBan((peer) => disconnected.push(peer))
    return { reputation, logger, disconnected }
  }

  const bansFile = () => join(dir, 'bans.json')
  const fileBans = async () => JSON.parse(await readFile(bansFile(), 'utf8')).bans as Array<{ peer: string }>
  const journalFile = () => join(dir, 'bans.journal')
  const journal = async () =>
    (await readFile(journalFile(), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { peer: string })

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
    // Appended to the journal while running; folded into the ban file at close.
    await waitFor(async () => (await journal().catch(() => [])).length === 1, { what: 'the ban journal' })
    const entry = { peer: 'bad', until: '2025-01-02T00:00:00.000Z', reason: 'spam: more pings' }
    expect(await journal()).toEqual([entry])
    await reputation.close()
    expect(await readdir(dir)).toEqual(['bans.json'])
    expect(await fileBans()).toEqual([entry])
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
    const reputation = new NetworkReputation({ logger, now: () => clock.now }, { ...config, self: SELF })
    await reputation.load()
    reputation.penalize('p', 'invalid_message', 'x')
    expect(reputation.isBanned('p')).toBe(true)
    await reputation.close()
    expect(await readdir(dir)).toEqual([])
  })

  it('restores the journal beside the ban file, drops a torn last line, and folds it in at load', async () => {
    await writeBanFile(bansFile(), [{ peer: 'in-file', until: clock.now + DAY, reason: 'spam: x' }])
    const torn = journalLine({ peer: 'torn', until: clock.now + DAY, reason: 'r' }).slice(0, 20)
    await writeFile(
      journalFile(),
      journalLine({ peer: 'in-journal', until: clock.now + DAY, reason: 'spam: y' }) +
        journalLine({ peer: 'gone', until: clock.now - 1, reason: 'r' }) +
        torn,
    )
    const { reputation, logger } = make()
    await reputation.load()
    expect(
      reputation
        .bannedPeers()
        .map((ban) => ban.peer)
        .sort(),
    ).toEqual(['in-file', 'in-journal'])
    expect(logger.find('info', 'restored peer bans')?.context).toMatchObject({ restored: 2, expired: 1 })
    expect(
      logger.find('warn', 'dropped bad lines of the ban journal; the other bans are kept')?.context,
    ).toMatchObject({
      dropped: 1,
    })
    await waitFor(async () => !(await readdir(dir)).includes('bans.journal'), { what: 'the compaction' })
    expect((await fileBans()).map((ban) => ban.peer).sort()).toEqual(['in-file', 'in-journal'])
    await reputation.close()
  })

  it('enforces the ban file but persists nothing when the journal is not a regular file', async () => {
    await writeBanFile(bansFile(), [{ peer: 'earlier', until: clock.now + DAY, reason: 'spam: x' }])
    await mkdir(journalFile())
    const { reputation, logger } = make({ banThreshold: 10 })
    await reputation.load()
    expect(logger.find('error', 'cannot read the ban journal; bans are not persisted')).toBeDefined()
    expect(reputation.isBanned('earlier')).toBe(true)
    reputation.penalize('p', 'invalid_message', 'x')
    await reputation.close()
    expect((await readdir(dir)).sort()).toEqual(['bans.journal', 'bans.json'])
    expect((await fileBans()).map((ban) => ban.peer)).toEqual(['earlier'])
  })

  it('logs bans at warn at most every 10 s, and says how many it held back', async () => {
    const { reputation, logger } = make({ banThreshold: 10 })
    for (let i = 0; i < 100; i++) reputation.penalize(`peer-${i}`, 'invalid_message', 'x')
    expect(logger.filter('warn', 'banned a peer')).toHaveLength(1)
    expect(logger.filter('debug', 'banned a peer')).toHaveLength(99)
    clock.now += 10_000
    reputation.penalize('later', 'invalid_message', 'x')
    expect(logger.filter('warn', 'banned a peer')[1]?.context).toMatchObject({ peer: 'later', heldBack: 99 })
    expect(reputation.banStats()).toMatchObject({ bans: 101, warningsHeldBack: 99 })
    clock.now -= 10_000
  })

  it('holds at most banMaxBans peer bans and counts the evicted', () => {
    const { reputation } = make({ banThreshold: 10, banMaxBans: 10 })
    for (let i = 0; i < 25; i++) reputation.penalize(`peer-${i}`, 'invalid_message', 'x')
    expect(reputation.banStats()).toMatchObject({ bans: 10, evictions: 15 })
    expect(reputation.isBanned('peer-24')).toBe(true)
    expect(reputation.isBanned('peer-0')).toBe(false)
  })

  describe('address bans', () => {
    const inbound = (ip: string) =>
      ({ remoteAddr: multiaddr(`/ip4/${ip}/tcp/4001`) }) as unknown as Parameters<
        NonNullable<ReturnType<NetworkReputation['gater']>['denyInboundConnection']>
      >[0]

    function withAddresses(
      overrides: Record<string, unknown>,
      where: Record<string, string>,
      hangUpAddress: (ip: string) => number = () => 0,
    ) {
      const made = make({ banThreshold: 10, ...overrides })
      made.reputation.onBan(
        (peer) => made.disconnected.push(peer),
        (peer) => (where[peer] === undefined ? [] : [where[peer]]),
        hangUpAddress,
      )
      return made
    }

    it('bans an address after 3 banned peer ids from it, and the gater refuses it before any handshake', async () => {
      const where = { a: '203.0.113.7', b: '203.0.113.7', c: '203.0.113.7', d: '198.51.100.1' }
      const { reputation, logger } = withAddresses({}, where)
      const gater = reputation.gater()
      for (const peer of ['a', 'b', 'd']) reputation.penalize(peer, 'invalid_message', 'x')
      expect(await gater.denyInboundConnection?.(inbound('203.0.113.7'))).toBe(false)
      reputation.penalize('c', 'invalid_message', 'x')
      expect(reputation.bannedAddresses()).toEqual([{ ip: '203.0.113.7', until: clock.now + DAY }])
      expect(
        logger.find('warn', 'banned an address that many banned peers came from')?.context,
      ).toMatchObject({
        ip: '203.0.113.7',
        threshold: 3,
      })
      expect(await gater.denyInboundConnection?.(inbound('203.0.113.7'))).toBe(true)
      expect(await gater.denyInboundConnection?.(inbound('198.51.100.1'))).toBe(false)
      expect(await gater.denyDialMultiaddr?.(multiaddr('/ip4/203.0.113.7/tcp/1/p2p/12D3KooWSelf'))).toBe(true)
      // A connection whose handshake was under way when the ban came is stopped once upgraded.
      const someone = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
      expect(await gater.denyInboundUpgradedConnection?.(someone, inbound('203.0.113.7'))).toBe(true)
      expect(await gater.denyOutboundUpgradedConnection?.(someone, inbound('203.0.113.7'))).toBe(true)
      expect(await gater.denyInboundUpgradedConnection?.(someone, inbound('198.51.100.1'))).toBe(false)
      clock.now += DAY
      expect(await gater.denyInboundConnection?.(inbound('203.0.113.7'))).toBe(false)
      clock.now -= DAY
    })

    it('hangs up on every connection from an address as it is banned, counts them, and says so once', () => {
      const where = {
        a: '203.0.113.7',
        b: '203.0.113.7',
        c: '203.0.113.7',
        d: '198.51.100.1',
        e: '203.0.113.7',
      }
      const hungUp: string[] = []
      const { reputation, logger, disconnected } = withAddresses({}, where, (ip) => {
        hungUp.push(ip)
        return 4
      })
      for (const peer of ['a', 'b', 'd']) reputation.penalize(peer, 'invalid_message', 'x')
      expect(hungUp).toEqual([])
      reputation.penalize('c', 'invalid_message', 'x')
      expect(hungUp).toEqual(['203.0.113.7'])
      expect(disconnected).toEqual(['a', 'b', 'd', 'c'])
      expect(reputation.banStats()).toMatchObject({ addressBans: 1, addressHangUps: 4 })
      const warned = logger.filter('warn', 'banned an address that many banned peers came from')
      expect(warned.map((entry) => entry.context)).toMatchObject([
        { ip: '203.0.113.7', connectionsClosed: 4 },
      ])
      // An address already banned is not hung up on again.
      reputation.penalize('e', 'invalid_message', 'x')
      expect(hungUp).toEqual(['203.0.113.7'])
      expect(reputation.banStats()).toMatchObject({ addressHangUps: 4 })
    })

    it('still hangs up on the banned peer when the address hang-up fails, and says why', () => {
      const where = { a: '203.0.113.7', b: '203.0.113.7', c: '203.0.113.7' }
      const { reputation, logger, disconnected } = withAddresses({}, where, () => {
        throw new Error('node gone')
      })
      for (const peer of ['a', 'b', 'c']) reputation.penalize(peer, 'invalid_message', 'x')
      expect(disconnected).toEqual(['a', 'b', 'c'])
      expect(reputation.bannedAddresses().map((ban) => ban.ip)).toEqual(['203.0.113.7'])
      expect(logger.find('error', 'could not hang up on a banned address')?.context).toMatchObject({
        ip: '203.0.113.7',
        error: 'Error: node gone',
      })
      expect(reputation.banStats()).toMatchObject({ addressHangUps: 0 })
    })

    it('never bans loopback unless banAddressLoopback, and not at all with threshold 0', () => {
      const where = { a: '127.0.0.1', b: '127.0.0.1', c: '127.0.0.1' }
      const hungUp: string[] = []
      const local = withAddresses({}, where, (ip) => hungUp.push(ip))
      for (const peer of ['a', 'b', 'c']) local.reputation.penalize(peer, 'invalid_message', 'x')
      expect(local.reputation.bannedAddresses()).toEqual([])
      expect(hungUp).toEqual([])

      const allowed = withAddresses({ banAddressLoopback: true }, where)
      for (const peer of ['a', 'b', 'c']) allowed.reputation.penalize(peer, 'invalid_message', 'x')
      expect(allowed.reputation.bannedAddresses().map((ban) => ban.ip)).toEqual(['127.0.0.1'])

      const off = withAddresses(
        { banAddressThreshold: 0 },
        { a: '203.0.113.7', b: '203.0.113.7', c: '203.0.113.7' },
      )
      for (const peer of ['a', 'b', 'c']) off.reputation.penalize(peer, 'invalid_message', 'x')
      expect(off.reputation.bannedAddresses()).toEqual([])
    })
  })
})
