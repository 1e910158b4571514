import type { RejectedTx, RejectedTxListener, RejectedTxSource, Unsubscribe } from '@p2p/domain'
import { Listeners } from './listeners.js'
import type { SimulatedChain } from './simulated-chain.js'
import { SimulatedUpstream } from './simulated-upstream.js'

/**
 * The transaction validator, simulated: the chain's rejected transactions reach subscribers while
 * the source is started. Like the notifier, it holds a production lease while started.
 */
export class SimulatedRejectedTxSource extends SimulatedUpstream implements RejectedTxSource {
  private readonly listeners = new Listeners<RejectedTx>()
  private detach: Unsubscribe | undefined
  private releaseProduction: (() => void) | undefined

  constructor(private readonly chain: SimulatedChain) {
    super('SimulatedRejectedTxSource', chain.clock)
  }

  subscribe(listener: RejectedTxListener): Unsubscribe {
    return this.listeners.add(listener)
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  protected override onStart(): void {
    this.detach = this.chain.subscribeRejectedTxs((rejected) => this.listeners.deliver(rejected))
    this.releaseProduction = this.chain.acquireProduction()
  }

  protected override onStop(): void {
    this.releaseProduction?.()
    this.detach?.()
  }
}
