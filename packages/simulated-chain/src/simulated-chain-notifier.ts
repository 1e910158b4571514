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
import type { SimulatedChain } from './simulated-chain.js'
import { SimulatedUpstream } from './simulated-upstream.js'

/**
 * The blockchain service, simulated: the chain's events reach subscribers while the notifier is
 * started, and look-ups answer from the chain's header history. Started, it holds a production
 * lease, so the chain moves on its timers; stopped, it gives the lease back.
 */
export class SimulatedChainNotifier extends SimulatedUpstream implements ChainNotifier {
  private readonly listeners = new Listeners<ChainEvent>()
  private detach: Unsubscribe | undefined
  private releaseProduction: (() => void) | undefined

  constructor(private readonly chain: SimulatedChain) {
    super('SimulatedChainNotifier', chain.clock)
  }

  subscribe(listener: ChainListener): Unsubscribe {
    return this.listeners.add(listener)
  }

  async bestBlockHeader(signal?: AbortSignal): Promise<BlockHeaderInfo> {
    this.checkCall('bestBlockHeader', signal)
    return { ...this.chain.bestHeaderRecord().info }
  }

  async blockHeader(hash: Hash, signal?: AbortSignal): Promise<BlockHeaderInfo> {
    this.checkCall('blockHeader', signal)
    const record = this.chain.headerRecord(hash)
    // What the real service answers for a hash it does not have.
    if (record === undefined)
      throw new P2PError('upstream_failed', 'block header not found', { context: { hash } })
    return { ...record.info }
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  protected override onStart(): void {
    this.detach = this.chain.subscribeChainEvents((event) => this.listeners.deliver(event))
    this.releaseProduction = this.chain.acquireProduction()
  }

  protected override onStop(): void {
    this.releaseProduction?.()
    this.detach?.()
  }
}
