import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { p2pServiceOptionsSchema } from '@p2p/core'
import { SPEC2024_KINDS, unwrap } from '@p2p/domain'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSettings } from '../settings/load-settings.js'
import { wireProfileOf } from './wire-profile.js'

const KEY = 'ab'.repeat(32)

describe('p2p_wire_profile', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  const settingsOf = async (raw: Record<string, string>) => {
    const dir = await mkdtemp(join(tmpdir(), 'p2p-profile-'))
    dirs.push(dir)
    return (await loadSettings(raw, dir)).settings
  }

  it("is the spec's by default: its five topics, and the PSK when a private network is asked for", async () => {
    const profile = wireProfileOf(await settingsOf({ p2p_dht_use_private: 'true', p2p_shared_key: KEY }))
    expect(profile.wire.kinds).toEqual(SPEC2024_KINDS)
    expect(profile.topicNames).toMatchObject({ block: 'github.com/bitcoin-sv/ubsv-block' })
    expect(profile.privateNetwork).toEqual({ sharedKey: KEY, dhtProtocolPrefix: '/ubsv' })
  })

  it("speaks today's networks with teranode: their four topics, envelopes with our name, and no PSK", async () => {
    const settings = await settingsOf({
      p2p_wire_profile: 'teranode',
      p2p_network: 'teratestnet',
      clientName: 'my-node',
      p2p_dht_use_private: 'true',
      p2p_shared_key: KEY,
      p2p_topic_prefix: 'ignored',
    })
    const profile = wireProfileOf(settings)
    expect(profile.topicNames).toEqual({
      block: 'teranode/bitcoin/1.0.0/teratestnet-block',
      subtree: 'teranode/bitcoin/1.0.0/teratestnet-subtree',
      rejectedTx: 'teranode/bitcoin/1.0.0/teratestnet-rejected_tx',
      nodeStatus: 'teranode/bitcoin/1.0.0/teratestnet-node_status',
    })
    expect(profile.privateNetwork).toBeUndefined()
    const subtree = unwrap(
      profile.wire.create('subtree', { hash: 'cd'.repeat(32), dataHubUrl: '', peerId: 'QmPeer' }),
    )
    const envelope = JSON.parse(new TextDecoder().decode(profile.wire.encode('subtree', subtree)))
    expect(envelope.name).toBe('my-node')
    // A PSK or topic prefix here would silently not apply: the profile names them for a warning.
    expect(profile.unreadSettings).toEqual(['p2p_dht_use_private', 'p2p_shared_key', 'p2p_topic_prefix'])
  })

  it('names no unread setting on defaults, and the teranode-only ones given to the spec profile', async () => {
    expect(wireProfileOf(await settingsOf({})).unreadSettings).toEqual([])
    expect(wireProfileOf(await settingsOf({ p2p_wire_profile: 'teranode' })).unreadSettings).toEqual([])
    const spec = wireProfileOf(await settingsOf({ p2p_network: 'testnet', p2p_gossip_rate_node_status: '9' }))
    expect(spec.unreadSettings).toEqual(['p2p_network', 'p2p_gossip_rate_node_status'])
  })

  it("gives teranode today's transport: DHT off, steady redials, 25/35 marks, private addresses refused and kept quiet", async () => {
    const teranode = wireProfileOf(await settingsOf({ p2p_wire_profile: 'teranode' }))
    expect(teranode.statusOnlyUntilChainUp).toBe(true)
    expect(teranode.transport).toEqual({
      dhtMode: 'off',
      peerRedial: { everyMs: 5_000, forMs: 120_000, thenEveryMs: 30_000 },
      refusePrivateAddresses: true,
      announceAddresses: [],
      announcePrivateAddresses: false,
      connectionMarks: { low: 25, high: 35, graceMs: 20_000 },
      addressExchange: true,
      peerCache: true,
    })
    const test = wireProfileOf(
      await settingsOf({
        p2p_wire_profile: 'teranode',
        p2p_dht_mode: 'server',
        p2p_allow_private_ips: 'true',
        p2p_share_private_addresses: 'true',
        p2p_advertise_addresses: '/ip4/203.0.113.7/tcp/9905|/dns4/node.example/tcp/9905',
      }),
    ).transport
    expect(test).toMatchObject({
      dhtMode: 'server',
      refusePrivateAddresses: false,
      announcePrivateAddresses: true,
      announceAddresses: ['/ip4/203.0.113.7/tcp/9905', '/dns4/node.example/tcp/9905'],
    })
  })

  it('keeps a silent teranode node out of the DHT and announces nothing private', async () => {
    const { transport } = wireProfileOf(
      await settingsOf({
        p2p_wire_profile: 'teranode',
        listen_mode: 'silent',
        p2p_dht_mode: 'server',
        p2p_share_private_addresses: 'true',
      }),
    )
    expect(transport).toMatchObject({ dhtMode: 'off', announcePrivateAddresses: false })
  })

  it("leaves the spec profile's transport as it was unless a DHT mode is asked for", async () => {
    expect(wireProfileOf(await settingsOf({})).statusOnlyUntilChainUp).toBe(false)
    expect(wireProfileOf(await settingsOf({})).transport).toEqual({
      announceAddresses: [],
      announcePrivateAddresses: true,
    })
    expect(wireProfileOf(await settingsOf({ p2p_dht_mode: 'client' })).transport).toMatchObject({
      dhtMode: 'client',
    })
  })

  it('reads /dnsaddr bootstrap entries from either bootstrap setting', async () => {
    const settings = await settingsOf({
      p2p_bootstrap_peers: '/dnsaddr/teratestnet.bootstrap.example',
      p2p_bootstrapAddresses:
        '/dnsaddr/other.example/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo',
    })
    expect(settings.p2p_bootstrap_peers).toEqual(['/dnsaddr/teratestnet.bootstrap.example'])
    expect(settings.p2p_bootstrapAddresses).toHaveLength(1)
  })

  it('refuses an unknown profile, network, listen mode, or a client name the reference would alter', async () => {
    for (const raw of [
      { p2p_dht_mode: 'on' },
      { p2p_share_private_addresses: 'yes' },
      { p2p_bootstrap_peers: '/dnsaddr/x.example/p2p/notapeer' },
      { p2p_wire_profile: 'ipfs' },
      { p2p_network: 'main' },
      { listen_mode: 'quiet' },
      { clientName: 'a<b' },
      { clientName: '' },
      { clientName: 'x'.repeat(65) },
    ]) {
      await expect(settingsOf(raw), JSON.stringify(raw)).rejects.toThrow(Object.keys(raw)[0] as string)
    }
  })

  it('passes a listen mode and client name the core accepts', async () => {
    const settings = await settingsOf({ listen_mode: 'listen_only', clientName: 'my-node' })
    const core = p2pServiceOptionsSchema.parse({
      dataHubUrl: 'http://self.example/api',
      listenMode: settings.listen_mode,
      clientName: settings.clientName,
    })
    expect(core).toMatchObject({ listenMode: 'listen_only', clientName: 'my-node' })
  })
})
