import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainListener,
  type ChainNotifier,
  type Hash,
  P2PError,
  type Unsubscribe,
} from '@p2p/domain'
import { MemoryUpstream, type MemoryUpstreamOptions } from './memory-upstream.js'
import { Subscribers } from './subscribers.js'

export type HeaderLookup = { readonly kind: 'best' } | { readonly kind: 'header'; readonly hash: Hash }

/**
 * The node's blockchain service, in memory: the test stores headers and emits events; look-ups
 * answer from the store. Events are delivered synchronously, inside `emit`.
 */
export class MemoryChainNotifier extends MemoryUpstream implements ChainNotifier {
  private readonly headers = new Map<Hash, BlockHeaderInfo>()
  private bestHash: Hash | undefined
  private readonly subscribers = new Subscribers<ChainEvent>()
  private readonly lookupLog: HeaderLookup[] = []

  constructor(options: MemoryUpstreamOptions = {}) {
    super('MemoryChainNotifier', options)
  }

  subscribe(listener: ChainListener): Unsubscribe {
    return this.subscribers.add(listener)
  }

  async bestBlockHeader(signal?: AbortSignal): Promise<BlockHeaderInfo> {
    this.lookupLog.push({ kind: 'best' })
    this.checkCall('bestBlockHeader', signal)
    const best = this.bestHash === undefined ? undefined : this.headers.get(this.bestHash)
    if (best === undefined) throw new P2PError('upstream_failed', 'the chain has no best block header yet')
    return { ...best }
  }

  async blockHeader(hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    this.lookupLog.push({ kind: 'header', hash })
    this.checkCall('blockHeader', signal)
    const header = this.headers.get(hash)
    if (header === undefined) {
      throw new P2PError('upstream_failed', 'block header not found', { context: { hash } })
    }
    return { ...header }
  }

  setHeader(info: BlockHeaderInfo): void {
    this.headers.set(info.hash, { ...info })
  }

  /** Stores the header too, so it can also be looked up by hash. */
  setBestHeader(info: BlockHeaderInfo): void {
    this.setHeader(info)
    this.bestHash = info.hash
  }

  /** Delivers `event` to every subscriber before returning. Only a started notifier has a stream to emit on. */
  emit(event: ChainEvent): void {
    this.emitRaw(event)
  }

  /** Like `emit`, for anything at all: proves consumers validate what the port hands them. */
  emitRaw(value: unknown): void {
    this.requireStarted('emit')
    this.subscribers.deliver(value as ChainEvent)
  }

  get listenerCount(): number {
    return this.subscribers.size
  }

  /** Every look-up made, in order, including those that failed. */
  get lookups(): readonly HeaderLookup[] {
    return this.lookupLog
  }
}
