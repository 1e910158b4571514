import { MemoryLogger } from '@p2p/testkit'
import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { DialPolicy } from './dial-policy.js'
import { rendezvousCid } from './rendezvous-cid.js'
import { type DiscoveryHost, type FoundPeer, TopicDiscovery } from './topic-discovery.js'

class FakeHost implements DiscoveryHost {
  readonly selfId = 'self'
  readonly provided: string[] = []
  readonly dialled: string[] = []
  readonly connected = new Set<string>()
  readonly providers = new Map<string, FoundPeer[]>()
  failProvide = false
  dialError: Error | undefined
  bootstrapCalls = 0

  async provide(cid: CID): Promise<void> {
    if (this.failProvide) throw new Error('no peers in the routing table')
    this.provided.push(cid.toString())
  }

  async *findProviders(cid: CID): AsyncIterable<FoundPeer> {
    yield* this.providers.get(cid.toString()) ?? []
  }

  isConnected(peer: string): boolean {
    return this.connected.has(peer)
  }

  async dial(peer: FoundPeer): Promise<void> {
    this.dialled.push(peer.id)
    if (this.dialError !== undefined) throw this.dialError
    this.connected.add(peer.id)
  }

  async reconnectBootstrap(): Promise<void> {
    this.bootstrapCalls++
  }

  connectionCount(): number {
    return this.connected.size
  }
}

async function setup(options: { optimiseRetries?: boolean; advertiseIntervalMs?: number } = {}) {
  const host = new FakeHost()
  const clock = { now: 0 }
  const discovery = new TopicDiscovery(
    host,
    new DialPolicy(options.optimiseRetries ?? false),
    {
      topicNames: ['t-block', 't-subtree'],
      intervalMs: 60_000,
      advertiseIntervalMs: options.advertiseIntervalMs ?? 1000,
    },
    new MemoryLogger(),
    () => clock.now,
  )
  await discovery.start()
  return { host, clock, discovery, block: (await rendezvousCid('t-block')).toString() }
}

describe('TopicDiscovery', () => {
  it('reconnects bootstrap when isolated, and advertises only once it has a peer', async () => {
    const { host, discovery } = await setup()
    await discovery.runRound()
    expect(host.bootstrapCalls).toBeGreaterThanOrEqual(1)
    expect(host.provided).toEqual([])
    host.connected.add('bootstrap')
    await discovery.runRound()
    expect(host.provided).toHaveLength(2)
    await discovery.stop()
  })

  it('dials providers of each topic except itself and peers already connected', async () => {
    const { host, discovery, block } = await setup()
    host.connected.add('a')
    host.providers.set(block, [
      { id: 'self', multiaddrs: [] },
      { id: 'a', multiaddrs: [] },
      { id: 'b', multiaddrs: ['/ip4/127.0.0.1/tcp/1'] },
      { id: 'b', multiaddrs: [] },
    ])
    await discovery.runRound()
    expect(host.dialled).toEqual(['b'])
    await discovery.stop()
  })

  it('renews its advertisement only after the advertise interval, and retries a failed one every round', async () => {
    const { host, clock, discovery } = await setup({ advertiseIntervalMs: 1000 })
    host.connected.add('a')
    host.failProvide = true
    await discovery.runRound()
    expect(host.provided).toEqual([])
    host.failProvide = false
    await discovery.runRound()
    expect(host.provided).toHaveLength(2)
    clock.now = 999
    await discovery.runRound()
    expect(host.provided).toHaveLength(2)
    clock.now = 1000
    await discovery.runRound()
    expect(host.provided).toHaveLength(4)
    await discovery.stop()
  })

  it('stops dialling a peer without good addresses when optimise retries is on', async () => {
    const { host, discovery, block } = await setup({ optimiseRetries: true })
    host.connected.add('a')
    host.providers.set(block, [{ id: 'b', multiaddrs: [] }])
    host.dialError = Object.assign(new Error('no valid addresses'), { name: 'NoValidAddressesError' })
    await discovery.runRound()
    await discovery.runRound()
    expect(host.dialled).toEqual(['b'])
    await discovery.stop()
  })

  it('keeps retrying a peer that failed for an ordinary reason', async () => {
    const { host, discovery, block } = await setup({ optimiseRetries: true })
    host.connected.add('a')
    host.providers.set(block, [{ id: 'b', multiaddrs: [] }])
    host.dialError = new Error('connection refused')
    await discovery.runRound()
    await discovery.runRound()
    expect(host.dialled).toEqual(['b', 'b'])
    await discovery.stop()
  })

  it('does nothing after stop', async () => {
    const { host, discovery } = await setup()
    await discovery.stop()
    await discovery.runRound()
    expect(host.bootstrapCalls).toBe(0)
  })
})
