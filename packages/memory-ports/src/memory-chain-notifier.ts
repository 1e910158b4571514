import type { BlockHeaderInfo, Hash } from '@p2p/domain'
import { InProcessChainNotifier } from './in-process-chain-notifier.js'
import type { MemoryUpstreamDeps } from './memory-upstream.js'

/** The node's blockchain service, in memory: the test stores headers and emits events. */
export class MemoryChainNotifier extends InProcessChainNotifier {
  private readonly headers = new Map<Hash, BlockHeaderInfo>()
  private bestHash: Hash | undefined

  constructor(deps: MemoryUpstreamDeps = {}) {
    super('MemoryChainNotifier', deps)
  }

  setHeader(info: BlockHeaderInfo): void {
    this.headers.set(info.hash, { ...info })
  }

  /** Stores the header too, so it can also be looked up by hash. */
  setBestHeader(info: BlockHeaderInfo): void {
    this.setHeader(info)
    this.bestHash = info.hash
  }

  protected findBest(): BlockHeaderInfo | undefined {
    return this.bestHash === undefined ? undefined : this.headers.get(this.bestHash)
  }

  protected find(hash: Hash): BlockHeaderInfo | undefined {
    return this.headers.get(hash)
  }
}
