import {
  type BlockHeaderInfo,
  blockHeaderInfoSchema,
  blockMessageCodec,
  type ChainEvent,
  type ChainNotifier,
  chainEventSchema,
  FIELD_LIMITS,
  type Logger,
  miningOnMessageCodec,
  P2PError,
  subtreeMessageCodec,
  toP2PError,
  toPrintable,
  unwrap,
} from '@p2p/domain'
import type { InputGuard } from '../input-guard.js'
import type { BoundedQueue } from '../queue/bounded-queue.js'
import { eventQueue } from '../queue/event-queue.js'
import type { Publisher } from './publisher.js'

export interface ChainAnnouncerDeps {
  readonly chain: ChainNotifier
  readonly publisher: Publisher
  readonly guard: InputGuard
  readonly logger: Logger
  readonly peerId: string
  readonly dataHubUrl: string
  readonly queueLimit: number
}

/**
 * Turns our blockchain service's events into announcements: a block gets its height from the
 * header look-up, mining-on is filled from the best header (as the reference did), a subtree
 * needs nothing more. Events are announced one at a time, in the order they came.
 */
export class ChainAnnouncer {
  private readonly queue: BoundedQueue<ChainEvent>

  constructor(private readonly deps: ChainAnnouncerDeps) {
    this.queue = eventQueue<ChainEvent>({
      source: 'chain',
      guard: deps.guard,
      limit: deps.queueLimit,
      run: (event) => this.announce(event),
      describe: (event) => ({ kind: event.kind, hash: event.hash }),
    })
  }

  /** Listener for the ChainNotifier port; validates what the port hands over. */
  readonly onEvent = (event: unknown): void => {
    const parsed = chainEventSchema.safeParse(event)
    if (!parsed.success) {
      this.deps.guard.refused(
        'chain',
        new P2PError('invalid_field', parsed.error.issues[0]?.message ?? 'bad event'),
      )
      return
    }
    this.queue.push(parsed.data as ChainEvent)
  }

  close(): Promise<void> {
    return this.queue.close()
  }

  private async announce(event: ChainEvent): Promise<void> {
    const { publisher, peerId, dataHubUrl } = this.deps
    switch (event.kind) {
      case 'subtree':
        await publisher.publish(
          'subtree',
          unwrap(subtreeMessageCodec.create({ hash: event.hash, dataHubUrl, peerId })),
        )
        return
      case 'block': {
        const header = await this.header(() => this.deps.chain.blockHeader(event.hash), event)
        if (header === undefined) return
        const message = blockMessageCodec.create({
          hash: event.hash,
          height: header.height,
          dataHubUrl,
          peerId,
        })
        await publisher.publish('block', unwrap(message))
        return
      }
      case 'miningOn': {
        const header = await this.header(() => this.deps.chain.bestBlockHeader(), event)
        if (header === undefined) return
        const message = miningOnMessageCodec.create({
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

  private async header(
    lookup: () => Promise<BlockHeaderInfo>,
    event: ChainEvent,
  ): Promise<BlockHeaderInfo | undefined> {
    let raw: unknown
    try {
      raw = await lookup()
    } catch (error) {
      this.deps.guard.refused('chain', toP2PError(error, 'upstream_failed'), {
        kind: event.kind,
        hash: event.hash,
      })
      return undefined
    }
    const parsed = blockHeaderInfoSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      this.deps.guard.refused(
        'chain',
        new P2PError('invalid_field', `header ${String(issue?.path[0])}: ${issue?.message ?? 'invalid'}`),
        { kind: event.kind, hash: event.hash },
      )
      return undefined
    }
    return parsed.data as BlockHeaderInfo
  }
}
