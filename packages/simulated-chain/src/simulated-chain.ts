import {
  type BlockHeaderInfo,
  type ChainEvent,
  type ChainListener,
  type Clock,
  type Hash,
  P2PError,
  type RejectedTx,
  type RejectedTxListener,
  toP2PError,
  UINT32_MAX,
  type Unsubscribe,
} from '@p2p/domain'
import { Listeners } from '@p2p/memory-ports'
import {
  buildGenesis,
  buildHeader,
  buildRejectedTx,
  buildSubtree,
  type SimulatedSubtree,
} from './chain-data.js'
import { HeaderHistory } from './header-history.js'
import { checkedHeaderRecord, copyOfRecord, type HeaderRecord } from './header-record.js'
import { PendingSubtrees } from './pending-subtrees.js'
import { Production, type ProductionLease } from './production.js'
import type { RandomSource } from './random-source.js'
import {
  parseSimulatedChainOptions,
  type SimulatedChainOptions,
  type SimulatedChainOptionsInput,
} from './simulated-chain-options.js'

export interface SimulatedChainDeps {
  /** The only source of time and timers; a FakeClock makes the chain fully controllable. */
  readonly clock: Clock
  /** Defaults to Math.random; pass `seededRandom(n)` for a reproducible chain. */
  readonly random?: RandomSource
  /**
   * Errors that must not stop production: thrown by a listener, or by a block that cannot be made
   * on a timer. Ignored when absent; a listener's error never reaches the other listeners.
   */
  readonly onError?: (error: P2PError) => void
}

/** A block as `mineBlock` made it: its header, and the subtrees it took in. */
export interface MinedBlock extends HeaderRecord {
  /** The subtrees' hashes, at most MAX_LISTED_SUBTREES of them. */
  readonly subtrees: readonly Hash[]
  readonly subtreeCount: number
}

/**
 * A believable chain, moved on by the injected clock: a subtree about every second, a block
 * about every ten (followed by mining on it), a rejected transaction now and then. It backs the
 * three simulated node-service adapters, and is what a development node-services server serves.
 */
export class SimulatedChain {
  readonly clock: Clock
  readonly options: SimulatedChainOptions
  private readonly random: RandomSource
  private readonly history: HeaderHistory
  private readonly pending = new PendingSubtrees()
  private readonly chainListeners: Listeners<ChainEvent>
  private readonly rejectedListeners: Listeners<RejectedTx>
  private readonly production: Production

  constructor(deps: SimulatedChainDeps, options: SimulatedChainOptionsInput = {}) {
    this.options = parseSimulatedChainOptions(options)
    this.clock = deps.clock
    this.random = deps.random ?? Math.random
    const report = (error: unknown) => deps.onError?.(toP2PError(error, 'internal'))
    this.chainListeners = new Listeners(report)
    this.rejectedListeners = new Listeners(report)
    const { startHeight, miner, historyLimit } = this.options
    this.history = new HeaderHistory(
      historyLimit,
      buildGenesis(startHeight, this.clock.now(), miner, this.random),
    )
    this.production = new Production(
      {
        clock: this.clock,
        random: this.random,
        onError: report,
        tasks: {
          subtree: () => this.addSubtree(),
          block: () => this.produceBlock(),
          rejectedTx: () => this.rejectTx(),
        },
      },
      this.options,
    )
  }

  /**
   * Holds production on: timers run (with `autoRun`) while at least one lease is held, and none
   * is left once the last is released. The event-stream adapters hold one while started.
   */
  acquireProduction(): ProductionLease {
    return this.production.acquire()
  }

  /** Whether timers are producing right now. */
  get producing(): boolean {
    return this.production.running
  }

  subscribeChainEvents(listener: ChainListener): Unsubscribe {
    return this.chainListeners.add(listener)
  }

  subscribeRejectedTxs(listener: RejectedTxListener): Unsubscribe {
    return this.rejectedListeners.add(listener)
  }

  /** Mines a block on the best one, from the subtrees made since (one is made first if there are none). */
  mineBlock(): MinedBlock {
    const block = this.produceBlock()
    this.production.blockMined()
    return block
  }

  addSubtree(): SimulatedSubtree {
    const subtree = buildSubtree(this.random)
    this.pending.add(subtree)
    this.emit({ kind: 'subtree', hash: subtree.hash, baseUrl: this.options.baseUrl })
    return subtree
  }

  rejectTx(reason?: string): RejectedTx {
    const rejected = buildRejectedTx(this.random, reason)
    this.emitRejectedTx(rejected)
    return rejected
  }

  /** Delivers any chain event to the subscribers, as is: harnesses use it to test consumers. */
  emit(event: ChainEvent): void {
    this.chainListeners.deliver(event)
  }

  emitRejectedTx(rejected: RejectedTx): void {
    this.rejectedListeners.deliver(rejected)
  }

  /**
   * Stores a header someone else made (compliance harnesses do). Bad info is refused with
   * invalid_field, bytes that do not hash to `info.hash` or build on `info.previousHash` with
   * invalid_header.
   */
  addHeader(info: BlockHeaderInfo, header: Uint8Array): void {
    this.history.add(checkedHeaderRecord(info, header))
  }

  /** Makes a stored header the best; the next block is mined on it. */
  setBest(hash: Hash): void {
    if (!this.history.setBest(hash)) {
      throw new P2PError('invalid_field', 'the best header must be one the chain holds', {
        context: { hash },
      })
    }
  }

  bestHeaderRecord(): HeaderRecord {
    return copyOfRecord(this.history.best)
  }

  /** Undefined once the header has dropped out of the history (`historyLimit`), or was never known. */
  headerRecord(hash: Hash): HeaderRecord | undefined {
    const record = this.history.get(hash)
    return record === undefined ? undefined : copyOfRecord(record)
  }

  get historySize(): number {
    return this.history.size
  }

  /** Subtrees made since the last block. */
  get pendingSubtreeCount(): number {
    return this.pending.size
  }

  private produceBlock(): MinedBlock {
    const best = this.history.best.info
    const height = best.height + 1
    if (height > UINT32_MAX) {
      throw new P2PError('invalid_header', 'the chain is at the highest height a header can have', {
        context: { height: best.height },
      })
    }
    if (this.pending.size === 0) this.addSubtree()
    const subtrees = this.pending.take()
    const record = buildHeader(
      {
        previousHash: best.hash,
        height,
        timestampMs: this.clock.now(),
        txCount: subtrees.txCount,
        sizeInBytes: subtrees.sizeInBytes,
        miner: this.options.miner,
      },
      this.random,
    )
    this.history.add(record)
    this.history.setBest(record.info.hash)
    const { hash } = record.info
    this.emit({ kind: 'block', hash, baseUrl: this.options.baseUrl })
    // The node starts mining on top of its new block; the P2P service announces that too.
    this.emit({ kind: 'miningOn', hash, baseUrl: this.options.baseUrl })
    return { ...copyOfRecord(record), subtrees: subtrees.hashes, subtreeCount: subtrees.count }
  }
}
