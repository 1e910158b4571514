import type { BlockHeaderInfo, Hash, Unsubscribe } from '@p2p/domain'
import { InProcessChainNotifier } from '@p2p/memory-ports'
import type { SimulatedChain } from './simulated-chain.js'

export interface SimulatedChainNotifierDeps {
  readonly chain: SimulatedChain
}

/**
 * The blockchain service, simulated: the family's in-process notifier, answering look-ups from the
 * chain's header history and relaying the chain's events while started. Started, it holds a
 * production lease, so the chain moves on its timers; stopped, it gives the lease back.
 */
export class SimulatedChainNotifier extends InProcessChainNotifier {
  private detach: Unsubscribe | undefined
  private releaseProduction: (() => void) | undefined

  private readonly chain: SimulatedChain

  constructor(deps: SimulatedChainNotifierDeps) {
    super('SimulatedChainNotifier', { clock: deps.chain.clock })
    this.chain = deps.chain
  }

  protected findBest(): BlockHeaderInfo {
    return this.chain.bestHeaderRecord().info
  }

  protected find(hash: Hash): BlockHeaderInfo | undefined {
    return this.chain.headerRecord(hash)?.info
  }

  protected override onStart(): void {
    this.detach = this.chain.subscribeChainEvents((event) => this.emit(event))
    this.releaseProduction = this.chain.acquireProduction()
  }

  protected override onStop(): void {
    this.releaseProduction?.()
    this.detach?.()
  }
}
