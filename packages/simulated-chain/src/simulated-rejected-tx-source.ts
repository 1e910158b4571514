import type { Unsubscribe } from '@p2p/domain'
import { MemoryRejectedTxSource } from '@p2p/memory-ports'
import type { SimulatedChain } from './simulated-chain.js'

export interface SimulatedRejectedTxSourceDeps {
  readonly chain: SimulatedChain
}

/**
 * The transaction validator, simulated: the family's in-memory source, fed the chain's rejected
 * transactions while started. Like the notifier, it holds a production lease while started.
 */
export class SimulatedRejectedTxSource extends MemoryRejectedTxSource {
  private detach: Unsubscribe | undefined
  private releaseProduction: (() => void) | undefined

  private readonly chain: SimulatedChain

  constructor(deps: SimulatedRejectedTxSourceDeps) {
    super({ clock: deps.chain.clock }, { name: 'SimulatedRejectedTxSource' })
    this.chain = deps.chain
  }

  protected override onStart(): void {
    this.detach = this.chain.subscribeRejectedTxs((rejected) => this.emit(rejected))
    this.releaseProduction = this.chain.acquireProduction()
  }

  protected override onStop(): void {
    this.releaseProduction?.()
    this.detach?.()
  }
}
