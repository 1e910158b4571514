import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MemoryLogger, RecordingListener, waitFor } from '@p2p/testkit'
import { afterEach, describe, expect, it } from 'vitest'
import type { Libp2pPeerNetwork } from '../src/index.js'
import { NetworkFleet, tcpAddress } from './network-harness.js'

const WAIT = { timeoutMs: 20_000 }
const DAY = 24 * 3_600_000

const knows = (node: Libp2pPeerNetwork, other: Libp2pPeerNetwork) =>
  node.peers().some((peer) => peer.id === other.peerId)

/** Where the banning node's gater stopped `peer` so far. */
const refusals = (logger: MemoryLogger, peer: string) =>
  logger
    .filter('debug', 'refused a banned peer')
    .filter((entry) => entry.context?.peer === peer)
    .map((entry) => entry.context?.at)

/** The banned peer dials: its dial fails, the banning node's gater says why, neither keeps a connection. */
async function expectRefused(banned: Libp2pPeerNetwork, by: Libp2pPeerNetwork, logger: MemoryLogger) {
  const before = refusals(logger, banned.peerId).length
  await expect(banned.connect(tcpAddress(by))).rejects.toMatchObject({ code: 'send_failed' })
  await waitFor(() => refusals(logger, banned.peerId).length > before, {
    ...WAIT,
    what: 'the banning node to refuse the inbound connection',
  })
  expect(refusals(logger, banned.peerId).slice(before)).toContain('inbound')
  expect(knows(banned, by) || knows(by, banned)).toBe(false)
}

describe('bans over real connections', () => {
  const fleet = new NetworkFleet()
  const dirs: string[] = []
  afterEach(async () => {
    await fleet.cleanup()
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('disconnects a banned peer, refuses it, still refuses it after a restart, and lets it back after expiry', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'p2p-bans-it-'))
    dirs.push(dataDir)
    const clock = { now: Date.now() }
    const now = () => clock.now

    const first = await fleet.create({ dataDir }, undefined, { now })
    const a = first.network
    a.setListener(new RecordingListener())
    await a.start()
    const aAddress = tcpAddress(a)
    const aPort = Number(/\/tcp\/(\d+)\//.exec(aAddress)?.[1])
    // B knows A as its bootstrap peer, so it keeps trying to get back to A on its own.
    const b = (await fleet.create({ bootstrapAddresses: [aAddress] })).network
    b.setListener(new RecordingListener())
    await b.start()
    await waitFor(() => knows(a, b) && knows(b, a), { ...WAIT, what: 'A and B to connect' })

    a.penalize(b.peerId, 'spam', 'flood')
    expect(a.isBanned(b.peerId)).toBe(false)
    a.penalize(b.peerId, 'spam', 'more flood')
    expect(a.isBanned(b.peerId)).toBe(true)
    await waitFor(() => !knows(a, b) && !knows(b, a), { ...WAIT, what: 'A and B to disconnect' })

    await expectRefused(b, a, first.logger)
    await expect(a.connect(tcpAddress(b))).rejects.toThrow(/the peer is banned/)
    expect(refusals(first.logger, b.peerId)).toContain('dial')
    expect(first.logger.filter('warn', 'banned a peer').map((entry) => entry.context)).toEqual([
      {
        component: 'libp2p-network',
        peer: b.peerId,
        score: 100,
        reason: 'spam: more flood',
        until: new Date(clock.now + DAY).toISOString(),
      },
    ])
    expect(a.bannedPeers()).toEqual([{ peer: b.peerId, until: clock.now + DAY, reason: 'spam: more flood' }])

    // A restarts with the same identity, address and data directory: the ban came with it.
    await a.stop()
    const saved = JSON.parse(await readFile(join(dataDir, 'bans.json'), 'utf8'))
    expect(saved.bans.map((ban: { peer: string }) => ban.peer)).toEqual([b.peerId])
    const restarted = await fleet.create(
      { dataDir, listen: { ip: '127.0.0.1', port: aPort } },
      first.privateKey,
      { now },
    )
    const again = restarted.network
    again.setListener(new RecordingListener())
    await again.start()
    expect(again.isBanned(b.peerId)).toBe(true)
    await expectRefused(b, again, restarted.logger)

    // A day later the ban is over: B gets in again.
    clock.now += DAY
    expect(again.isBanned(b.peerId)).toBe(false)
    await waitFor(
      async () => {
        await b.connect(tcpAddress(again)).catch(() => {})
        return knows(again, b) && knows(b, again)
      },
      { ...WAIT, intervalMs: 200, what: 'B to connect to A after the ban expired' },
    )
    expect(again.bannedPeers()).toEqual([])
  })

  it('bans the address three banned peer ids came from, unless it is loopback and loopback is exempt', async () => {
    // Both banning nodes judge the same three peers; only one may ban loopback.
    const exempt = await fleet.create({ banThreshold: 10 })
    const strict = await fleet.create({ banThreshold: 10, banAddressLoopback: true })
    for (const node of [exempt.network, strict.network]) {
      node.setListener(new RecordingListener())
      await node.start()
    }
    for (let i = 0; i < 3; i++) {
      const throwaway = (await fleet.create({})).network
      throwaway.setListener(new RecordingListener())
      await throwaway.start()
      for (const node of [exempt.network, strict.network]) {
        await throwaway.connect(tcpAddress(node))
        await waitFor(() => knows(node, throwaway), { ...WAIT, what: 'the throwaway peer to connect' })
        node.penalize(throwaway.peerId, 'invalid_message', 'junk')
      }
    }
    expect(exempt.network.bannedAddresses()).toEqual([])
    expect(strict.network.bannedAddresses().map((ban) => ban.ip)).toEqual(['127.0.0.1'])
    expect(strict.network.banStats()).toMatchObject({ bans: 3, addressBans: 1 })

    // A fourth identity from the same host, never banned itself.
    const fresh = (await fleet.create({})).network
    fresh.setListener(new RecordingListener())
    await fresh.start()
    await fresh.connect(tcpAddress(exempt.network))
    await waitFor(() => knows(exempt.network, fresh), {
      ...WAIT,
      what: 'the exempt node to take the new peer',
    })
    await expect(fresh.connect(tcpAddress(strict.network))).rejects.toMatchObject({ code: 'send_failed' })
    await waitFor(() => refusals(strict.logger, '127.0.0.1').includes('address-inbound'), {
      ...WAIT,
      what: 'the strict node to refuse the address before any handshake',
    })
    expect(knows(strict.network, fresh)).toBe(false)
  })

  it('hangs up on identities already connected from an address when it is banned, and keeps other hosts', async () => {
    const strict = await fleet.create({ banThreshold: 10, banAddressLoopback: true })
    strict.network.setListener(new RecordingListener())
    await strict.network.start()
    const started = async (overrides: Parameters<NetworkFleet['create']>[0] = {}) => {
      const { network } = await fleet.create(overrides)
      network.setListener(new RecordingListener())
      await network.start()
      return network
    }

    // Another host: the strict node dials it on a second loopback address.
    const elsewhere = await started({ listen: { ip: '127.0.0.2', port: 0 } })
    await strict.network.connect(tcpAddress(elsewhere))
    // An identity from 127.0.0.1 that is never banned itself, connected before the address ban.
    const bystander = await started()
    await bystander.connect(tcpAddress(strict.network))
    await waitFor(() => knows(strict.network, elsewhere) && knows(strict.network, bystander), {
      ...WAIT,
      what: 'both hosts to be connected',
    })

    for (let i = 0; i < 3; i++) {
      const throwaway = await started()
      await throwaway.connect(tcpAddress(strict.network))
      await waitFor(() => knows(strict.network, throwaway), {
        ...WAIT,
        what: 'the throwaway peer to connect',
      })
      strict.network.penalize(throwaway.peerId, 'invalid_message', 'junk')
      if (i < 2) {
        await waitFor(() => !knows(strict.network, throwaway), { ...WAIT, what: 'the banned peer to go' })
        expect(knows(strict.network, bystander)).toBe(true)
      }
    }
    expect(strict.network.bannedAddresses().map((ban) => ban.ip)).toEqual(['127.0.0.1'])
    await waitFor(() => !knows(strict.network, bystander) && !knows(bystander, strict.network), {
      ...WAIT,
      what: 'the bystander from the banned address to be hung up on',
    })
    // The bystander and the third banned peer were still connected when the ban landed.
    const { addressHangUps } = strict.network.banStats()
    expect(addressHangUps).toBeGreaterThanOrEqual(2)
    const warned = strict.logger.filter('warn', 'banned an address that many banned peers came from')
    expect(warned.map((entry) => entry.context)).toMatchObject([
      { ip: '127.0.0.1', connectionsClosed: addressHangUps },
    ])

    await expect(bystander.connect(tcpAddress(strict.network))).rejects.toMatchObject({ code: 'send_failed' })
    await waitFor(() => refusals(strict.logger, '127.0.0.1').includes('address-inbound'), {
      ...WAIT,
      what: 'the strict node to refuse the banned address',
    })
    expect(knows(strict.network, bystander)).toBe(false)
    expect(knows(strict.network, elsewhere) && knows(elsewhere, strict.network)).toBe(true)
  })
})
