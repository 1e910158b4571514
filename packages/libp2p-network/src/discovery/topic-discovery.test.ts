import { MemoryLogger, waitFor } from '@p2p/testkit'
import type { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import { DialPolicy } from './dial-policy.js'
import { rendezvousCid } from './rendezvous-cid.js'
import {
  type DiscoveryHost,
  type FoundPeer,
  TopicDiscovery,
  type TopicDiscoveryOptions,
} from './topic-discovery.js'

class FakeHost implements DiscoveryHost {
  readonly selfId = 'self'
  readonly provided: string[] = []
  readonly lookedUp: string[] = []
  readonly dialled: string[] = []
  readonly connected = new Set<string>()
  readonly providers = new Map<string, FoundPeer[]>()
  readonly topicPeers = new Map<string, number>()
  failProvide = false
  /** A placement that never ends until it is aborted, as a DHT query stuck on dead peers. */
  hangProvide = false
  /** Lookups wait here while set, so a test can see how many run at once. */
  lookupGate: Promise<void> | undefined
  lookupsRunning = 0
  mostLookupsAtOnce = 0
  dialError: Error | undefined
  bootstrapCalls = 0

  async provide(cid: CID, signal: AbortSignal): Promise<void> {
    if (this.hangProvide) {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
    }
    if (this.failProvide) throw new Error('no peers in the routing table')
    this.provided.push(cid.toString())
  }

  async *findProviders(cid: CID): AsyncIterable<FoundPeer> {
    this.lookedUp.push(cid.toString())
    this.lookupsRunning++
    this.mostLookupsAtOnce = Math.max(this.mostLookupsAtOnce, this.lookupsRunning)
    try {
      await this.lookupGate
      yield* this.providers.get(cid.toString()) ?? []
    } finally {
      this.lookupsRunning--
    }
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

  topicPeerCount(topic: string): number {
    return this.topicPeers.get(topic) ?? 0
  }
}

const TOPICS = ['t-block', 't-subtree', 't-miningon']
const cidOf = async (topic: string) => (await rendezvousCid(topic)).toString()

describe('TopicDiscovery', () => {
  const started: TopicDiscovery[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((discovery) => discovery.stop()))
  })

  async function setup(options: Partial<TopicDiscoveryOptions> & { optimiseRetries?: boolean } = {}) {
    const host = new FakeHost()
    const clock = { now: 0 }
    const discovery = new TopicDiscovery(
      {
        host,
        policy: new DialPolicy({}, { optimiseRetries: options.optimiseRetries ?? false }),
        logger: new MemoryLogger(),
        now: () => clock.now,
      },
      { topicNames: TOPICS.slice(0, 2), intervalMs: 60_000, advertiseIntervalMs: 1000, ...options },
    )
    started.push(discovery)
    await discovery.start()
    // start() runs a round at once; tests drive the rounds themselves.
    await discovery.runRound()
    host.lookedUp.length = 0
    return { host, clock, discovery, block: await cidOf('t-block') }
  }

  it('reconnects bootstrap when isolated, and advertises only once it has a peer', async () => {
    const { host, discovery } = await setup()
    await discovery.runRound()
    expect(host.bootstrapCalls).toBeGreaterThanOrEqual(1)
    expect(host.provided).toEqual([])
    host.connected.add('bootstrap')
    await discovery.runRound()
    expect(host.provided).toHaveLength(2)
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
  })

  it('advertises from the second round on, so joining comes first', async () => {
    const host = new FakeHost()
    host.connected.add('a')
    const discovery = new TopicDiscovery(
      { host, policy: new DialPolicy({}, { optimiseRetries: false }), logger: new MemoryLogger() },
      { topicNames: TOPICS, intervalMs: 60_000, advertiseIntervalMs: 1000 },
    )
    started.push(discovery)
    await discovery.start()
    await waitFor(() => host.lookedUp.length === TOPICS.length, { what: 'the first round of lookups' })
    expect(host.provided).toEqual([])
    await discovery.runRound()
    expect(host.provided).toHaveLength(TOPICS.length)
  })

  it('looks up only the topics that have fewer topic peers than wanted', async () => {
    const { host, discovery } = await setup({ topicNames: TOPICS, topicPeersWanted: 2 })
    host.topicPeers.set('t-block', 2)
    host.topicPeers.set('t-subtree', 1)
    await discovery.runRound()
    expect(host.lookedUp.sort()).toEqual([await cidOf('t-subtree'), await cidOf('t-miningon')].sort())
    host.topicPeers.set('t-subtree', 3)
    host.topicPeers.set('t-miningon', 2)
    await discovery.runRound()
    expect(host.lookedUp).toHaveLength(2)
  })

  it('ends a lookup once it has dialled the topic peers missing', async () => {
    const { host, discovery, block } = await setup({ topicPeersWanted: 3 })
    host.connected.add('a')
    host.topicPeers.set('t-block', 1)
    host.providers.set(
      block,
      ['b', 'c', 'd', 'e'].map((id) => ({ id, multiaddrs: [] })),
    )
    await discovery.runRound()
    expect(host.dialled).toEqual(['b', 'c'])
  })

  it('looks the topics up one at a time unless told otherwise', async () => {
    for (const [concurrency, expected] of [
      [{}, 1],
      [{ lookupConcurrency: 3 }, 3],
    ] as const) {
      const { host, discovery } = await setup({ topicNames: TOPICS, ...concurrency })
      let open = () => {}
      host.lookupGate = new Promise((resolve) => {
        open = resolve
      })
      const round = discovery.runRound()
      await waitFor(() => host.lookupsRunning === expected, { what: `${expected} lookups at once` })
      open()
      await round
      expect(host.lookedUp).toHaveLength(3)
      expect(host.mostLookupsAtOnce).toBe(expected)
    }
  })

  it('asks again before each topic whether it is still short, since a new peer runs every topic', async () => {
    const { host, discovery, block } = await setup({ topicNames: TOPICS, topicPeersWanted: 1 })
    host.connected.add('a')
    host.providers.set(block, [{ id: 'b', multiaddrs: [] }])
    const dial = host.dial.bind(host)
    host.dial = async (peer) => {
      await dial(peer)
      for (const topic of TOPICS) host.topicPeers.set(topic, 1)
    }
    await discovery.runRound()
    expect(host.lookedUp).toEqual([block])
  })

  it('keeps looking up every round while an advertisement hangs, and stop ends both', async () => {
    const { host, discovery, block } = await setup({ intervalMs: 10 })
    host.connected.add('a')
    host.hangProvide = true
    host.providers.set(block, [{ id: 'b', multiaddrs: [] }])
    await waitFor(() => host.lookedUp.length >= 6, { what: 'three rounds of lookups' })
    expect(host.dialled).toEqual(['b'])
    expect(host.provided).toEqual([])
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
  })

  it('keeps retrying a peer that failed for an ordinary reason', async () => {
    const { host, discovery, block } = await setup({ optimiseRetries: true })
    host.connected.add('a')
    host.providers.set(block, [{ id: 'b', multiaddrs: [] }])
    host.dialError = new Error('connection refused')
    await discovery.runRound()
    await discovery.runRound()
    expect(host.dialled).toEqual(['b', 'b'])
  })

  it('does nothing after stop', async () => {
    const { host, discovery } = await setup()
    const calls = host.bootstrapCalls
    await discovery.stop()
    await discovery.runRound()
    expect(host.bootstrapCalls).toBe(calls)
    expect(host.lookedUp).toEqual([])
  })
})
