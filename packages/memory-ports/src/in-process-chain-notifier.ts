import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainListener,
  type ChainNotifier,
  type Hash,
  P2PError,
  type Unsubscribe,
} from '@p2p/domain'
import { Listeners } from './listeners.js'
import { MemoryUpstream, type MemoryUpstreamDeps } from './memory-upstream.js'

export type HeaderLookup = { readonly kind: 'best' } | { readonly kind: 'header'; readonly hash: Hash }

/**
 * A blockchain service in this process: events are delivered synchronously, inside `emit`, and
 * look-ups answer from wherever a subclass keeps its headers (a map a test fills, or a simulated
 * chain's history). Answers are copies, so a caller cannot change what is stored.
 */
export abstract class InProcessChainNotifier extends MemoryUpstream implements ChainNotifier {
  private readonly subscribers = new Listeners<ChainEvent>()
  private readonly lookupLog: HeaderLookup[] = []

  protected constructor(name: string, deps: MemoryUpstreamDeps) {
    super(name, deps)
  }

  subscribe(listener: ChainListener): Unsubscribe {
    return this.subscribers.add(listener)
  }

  async bestBlockHeader(signal?: AbortSignal): Promise<BlockHeaderInfo> {
    this.lookUp({ kind: 'best' }, 'bestBlockHeader', signal)
    const best = this.findBest()
    if (best === undefined) throw new P2PError('upstream_failed', 'the chain has no best block header yet')
    return { ...best }
  }

  async blockHeader(hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    this.lookUp({ kind: 'header', hash }, 'blockHeader', signal)
    const header = this.find(hash)
    // What the real service answers for a hash it does not have.
    if (header === undefined) {
      throw new P2PError('upstream_failed', 'block header not found', { context: { hash } })
    }
    return { ...header }
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

  /** Every look-up that reached the service, in order, including those it failed. */
  get lookups(): readonly HeaderLookup[] {
    return this.lookupLog
  }

  protected abstract findBest(): BlockHeaderInfo | undefined

  protected abstract find(hash: Hash): BlockHeaderInfo | undefined

  private lookUp(lookup: HeaderLookup, operation: string, signal: AbortSignal | undefined): void {
    this.admit(operation, signal)
    this.lookupLog.push(lookup)
    this.failIfScripted(operation)
  }
}
