import type { RejectedTx, RejectedTxListener, RejectedTxSource, Unsubscribe } from '@p2p/domain'
import { Listeners } from './listeners.js'
import { MemoryUpstream, type MemoryUpstreamDeps, type MemoryUpstreamOptions } from './memory-upstream.js'

/** The node's transaction validator as a stream of rejections emitted in process; delivery is synchronous. */
export class MemoryRejectedTxSource extends MemoryUpstream implements RejectedTxSource {
  private readonly subscribers = new Listeners<RejectedTx>()

  constructor(deps: MemoryUpstreamDeps = {}, options: MemoryUpstreamOptions = {}) {
    super(options.name ?? 'MemoryRejectedTxSource', deps)
  }

  subscribe(listener: RejectedTxListener): Unsubscribe {
    return this.subscribers.add(listener)
  }

  /** Delivers `rejected` to every subscriber before returning. Only a started source has a stream to emit on. */
  emit(rejected: RejectedTx): void {
    this.emitRaw(rejected)
  }

  /** Like `emit`, for anything at all: proves consumers validate what the port hands them. */
  emitRaw(value: unknown): void {
    this.requireStarted('emit')
    this.subscribers.deliver(value as RejectedTx)
  }

  get listenerCount(): number {
    return this.subscribers.size
  }
}
