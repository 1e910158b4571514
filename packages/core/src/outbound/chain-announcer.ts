import {
  CHAIN_EVENT_KINDS,
  type ChainEvent,
  type ChainEventKind,
  chainEventSchema,
  FIELD_LIMITS,
  type MessageTrace,
  parseWith,
  toPrintable,
  unwrap,
  type WireFormat,
} from '@p2p/domain'
import type { HeaderLookup } from '../chain/header-lookup.js'
import type { InputGuard } from '../input-guard.js'
import type { BoundedQueue } from '../queue/bounded-queue.js'
import { eventQueue } from '../queue/event-queue.js'
import type { Publisher } from './publisher.js'

export interface ChainAnnouncerDeps {
  /** Builds each announcement; a kind the wire does not carry is not announced. */
  readonly wire: WireFormat
  /** False in a listen-only or silent node: it announces nothing of its own. */
  readonly announces: boolean
  /** Told of each new block, announced or not (our status follows the chain's tip). */
  readonly onBlock: () => void
  readonly headers: HeaderLookup
  readonly publisher: Publisher
  readonly guard: InputGuard
  readonly trace: MessageTrace
  readonly peerId: string
  readonly dataHubUrl: string
  readonly queueLimit: number
}

/**
 * Turns our blockchain service's events into announcements: a block gets its height from the
 * header look-up, mining-on is filled from the best header (as the reference did), a subtree
 * needs nothing more. Each kind is announced in the order it came, on its own queue, so a slow
 * header look-up never holds up subtrees.
 */
export class ChainAnnouncer {
  private readonly queues: Readonly<Record<ChainEventKind, BoundedQueue<ChainEvent>>>

  constructor(private readonly deps: ChainAnnouncerDeps) {
    const queue = () =>
      eventQueue<ChainEvent>({
        source: 'chain',
        guard: deps.guard,
        limit: deps.queueLimit,
        run: (event) => this.announce(event),
        describe: (event) => ({ kind: event.kind, hash: event.hash }),
      })
    this.queues = { block: queue(), subtree: queue(), miningOn: queue() }
  }

  /** Listener for the ChainNotifier port; validates what the port hands over. */
  readonly onEvent = (event: unknown): void => {
    const parsed = parseWith(chainEventSchema, event, 'chain event')
    if (!parsed.ok) {
      this.deps.guard.refused('chain', parsed.error)
      return
    }
    // Nothing to say on a wire without this kind (the teranode profile has no mining-on), and
    // no header to look up for it either.
    if (parsed.value.kind === 'block') this.deps.onBlock()
    if (!this.deps.announces || !this.deps.wire.carries(parsed.value.kind)) return
    const { trace } = this.deps
    if (trace.sampled(parsed.value.hash)) trace.mark(parsed.value.hash, 'chainEvent', trace.stamp())
    this.queues[parsed.value.kind].push(parsed.value)
  }

  async close(): Promise<void> {
    await Promise.all(CHAIN_EVENT_KINDS.map((kind) => this.queues[kind].close()))
  }

  /** Announces the event; a sampled one is traced from when its turn came to when it went out. */
  private async announce(event: ChainEvent): Promise<void> {
    const { trace } = this.deps
    if (!trace.sampled(event.hash)) return this.publish(event)
    trace.mark(event.hash, 'announcing', trace.stamp())
    await this.publish(event)
    trace.mark(event.hash, 'published', trace.stamp())
  }

  private async publish(event: ChainEvent): Promise<void> {
    const { publisher, headers, peerId, dataHubUrl, wire } = this.deps
    const context = { kind: event.kind, hash: event.hash }
    switch (event.kind) {
      case 'subtree':
        await publisher.publish(
          'subtree',
          unwrap(wire.create('subtree', { hash: event.hash, dataHubUrl, peerId })),
        )
        return
      case 'block': {
        const header = await headers.byHash(event.hash, context)
        if (header === undefined) return
        const message = wire.create('block', {
          hash: event.hash,
          height: header.height,
          dataHubUrl,
          peerId,
        })
        await publisher.publish('block', unwrap(message))
        return
      }
      case 'miningOn': {
        const header = await headers.best(context)
        if (header === undefined) return
        const message = wire.create('miningOn', {
          hash: header.hash,
          previousHash: header.previousHash,
          dataHubUrl,
          peerId,
          height: header.height,
          miner: toPrintable(header.miner, FIELD_LIMITS.minerChars),
          sizeInBytes: header.sizeInBytes,
          txCount: header.txCount,
        })
        await publisher.publish('miningOn', unwrap(message))
        return
      }
    }
  }
}
