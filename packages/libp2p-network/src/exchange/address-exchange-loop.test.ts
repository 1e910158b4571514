import type { Logger } from '@p2p/domain'
import { MemoryLogger } from '@p2p/testkit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type AddressExchangeHost,
  AddressExchangeLoop,
  type AddressExchangeLoopOptions,
} from './address-exchange-loop.js'

type Answer = readonly string[] | Error | 'hang'

/** A node in memory: who is connected, what each neighbour answers about whom, what was asked and dialled. */
class FakeHost implements AddressExchangeHost {
  readonly selfId = 'self'
  readonly connected = new Set<string>()
  readonly answers = new Map<string, Answer>()
  readonly asks: Array<{ via: string; target: string }> = []
  readonly remembered = new Map<string, readonly string[]>()
  readonly dials: string[] = []
  dialFails = false

  connectedPeers(): string[] {
    return [...this.connected]
  }

  isConnected(peer: string): boolean {
    return this.connected.has(peer)
  }

  answer(via: string, target: string, answer: Answer): void {
    this.answers.set(`${via}>${target}`, answer)
  }

  async ask(via: string, target: string, signal: AbortSignal): Promise<readonly string[]> {
    this.asks.push({ via, target })
    const answer = this.answers.get(`${via}>${target}`) ?? []
    if (answer === 'hang') {
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))
    }
    if (answer instanceof Error) throw answer
    return answer
  }

  async remember(peer: string, addresses: readonly string[]): Promise<void> {
    this.remembered.set(peer, addresses)
  }

  async dial(peer: string): Promise<void> {
    this.dials.push(peer)
    if (this.dialFails) throw new Error('connection refused')
    this.connected.add(peer)
  }
}

function setup(options: AddressExchangeLoopOptions = {}) {
  const host = new FakeHost()
  const logger = new MemoryLogger()
  let now = 1_000_000
  const loop = new AddressExchangeLoop({ host, logger: logger as Logger, now: () => now }, options)
  return {
    host,
    logger,
    loop,
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('AddressExchangeLoop', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks connected peers in turn until one knows the author, stores the addresses and dials', async () => {
    const { host, loop } = setup()
    host.connected.add('n1').add('n2').add('n3')
    host.answer('n1', 'author', new Error('stream reset'))
    host.answer('n2', 'author', ['/ip4/8.8.8.8/tcp/9905'])
    host.answer('n3', 'author', ['/ip4/9.9.9.9/tcp/9905'])
    loop.sawAuthor('author')
    await loop.runRound()
    expect(host.asks).toEqual([
      { via: 'n1', target: 'author' },
      { via: 'n2', target: 'author' },
    ])
    expect(host.remembered.get('author')).toEqual(['/ip4/8.8.8.8/tcp/9905'])
    expect(host.dials).toEqual(['author'])
    expect(loop.counters()).toEqual({ asked: 2, answered: 1, dialled: 1, failed: 1 })
  })

  it('skips connected authors and ourselves, and moves on past empty answers', async () => {
    const { host, loop } = setup()
    host.connected.add('n1').add('n2')
    loop.sawAuthor('self')
    loop.sawAuthor('n1')
    loop.sawAuthor('far')
    await loop.runRound()
    // `far` is unknown to both: each was asked once, nothing dialled.
    expect(host.asks).toEqual([
      { via: 'n1', target: 'far' },
      { via: 'n2', target: 'far' },
    ])
    expect(host.dials).toEqual([])
    expect(loop.counters()).toMatchObject({ asked: 2, answered: 0, dialled: 0 })
  })

  it('does not ask about an author again within five minutes', async () => {
    const { host, loop, advance } = setup()
    host.connected.add('n1')
    loop.sawAuthor('far')
    await loop.runRound()
    advance(4 * 60_000)
    await loop.runRound()
    expect(host.asks).toHaveLength(1)
    advance(60_000)
    await loop.runRound()
    expect(host.asks).toHaveLength(2)
  })

  it('counts a failed dial and logs it at debug', async () => {
    const { host, loop, logger } = setup()
    host.connected.add('n1')
    host.dialFails = true
    host.answer('n1', 'far', ['/ip4/8.8.8.8/tcp/1'])
    loop.sawAuthor('far')
    await loop.runRound()
    expect(loop.counters()).toEqual({ asked: 1, answered: 1, dialled: 0, failed: 1 })
    const line = logger.find('debug', 'could not dial a topic author after address exchange')
    expect(line?.context).toMatchObject({ target: 'far', via: 'n1' })
  })

  it('bounds the work of a round: lookups per round and peers asked per lookup', async () => {
    const { host, loop } = setup({ maxLookupsPerRound: 3, maxAsksPerLookup: 2 })
    for (let i = 0; i < 5; i++) host.connected.add(`n${i}`)
    for (let i = 0; i < 10; i++) loop.sawAuthor(`a${i}`)
    await loop.runRound()
    // The three newest authors, two peers each.
    expect(new Set(host.asks.map((a) => a.target))).toEqual(new Set(['a9', 'a8', 'a7']))
    expect(host.asks).toHaveLength(6)
    await loop.runRound()
    expect(new Set(host.asks.slice(6).map((a) => a.target))).toEqual(new Set(['a6', 'a5', 'a4']))
  })

  it('remembers only the most recent authors', async () => {
    const { host, loop } = setup({ maxAuthors: 2 })
    host.connected.add('n1')
    loop.sawAuthor('a')
    loop.sawAuthor('b')
    loop.sawAuthor('a')
    loop.sawAuthor('c')
    await loop.runRound()
    expect(host.asks.map((a) => a.target).sort()).toEqual(['a', 'c'])
  })

  it('runs on its interval once started, and stop aborts a lookup under way and leaves no timer', async () => {
    vi.useFakeTimers()
    const { host, loop } = setup({ intervalMs: 15_000 })
    host.connected.add('n1')
    host.answer('n1', 'far', 'hang')
    loop.sawAuthor('far')
    loop.start()
    await vi.advanceTimersByTimeAsync(14_999)
    expect(host.asks).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(host.asks).toHaveLength(1)
    loop.stop()
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(0)
    // An aborted request is the stop, not a failure.
    expect(loop.counters().failed).toBe(0)
  })
})
