import type { BlockHeaderInfo, ChainEvent, Hash, RejectedTx, Unsubscribe } from '@p2p/domain'
import type { BlockValidationBackend, ChainBackend, HeaderRecord, RejectedTxBackend } from '../src/index.js'

/** Listeners a test can count, so it emits only once the server has subscribed. */
class Listeners<T> {
  private readonly set = new Set<(value: T) => void>()

  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener)
    return () => this.set.delete(listener)
  }

  get count(): number {
    return this.set.size
  }

  emit(value: T): void {
    for (const listener of this.set) listener(value)
  }
}

export class TestChainBackend implements ChainBackend {
  readonly listeners = new Listeners<ChainEvent>()
  private readonly headers = new Map<Hash, HeaderRecord>()
  private best: HeaderRecord | undefined

  subscribe(listener: (event: ChainEvent) => void): Unsubscribe {
    return this.listeners.add(listener)
  }

  bestHeaderRecord(): HeaderRecord | undefined {
    return this.best
  }

  headerRecord(hash: Hash): HeaderRecord | undefined {
    return this.headers.get(hash)
  }

  setHeader(record: HeaderRecord): void {
    this.headers.set(record.info.hash, record)
  }

  setBestHeader(record: HeaderRecord): void {
    this.setHeader(record)
    this.best = record
  }

  headerInfo(hash: Hash): BlockHeaderInfo | undefined {
    return this.headers.get(hash)?.info
  }
}

export interface ValidationCall {
  readonly kind: 'block' | 'subtree'
  readonly hash: Hash
  readonly baseUrl: string
}

export class TestValidationBackend implements BlockValidationBackend {
  readonly received: ValidationCall[] = []
  failing = false
  private holding = false
  private readonly held: Array<() => void> = []

  blockFound(hash: Hash, baseUrl: string): Promise<void> {
    return this.take({ kind: 'block', hash, baseUrl })
  }

  subtreeFound(hash: Hash, baseUrl: string): Promise<void> {
    return this.take({ kind: 'subtree', hash, baseUrl })
  }

  hold(): void {
    this.holding = true
  }

  release(): void {
    this.holding = false
    for (const answer of this.held.splice(0)) answer()
  }

  private take(call: ValidationCall): Promise<void> {
    this.received.push(call)
    if (this.failing) return Promise.reject(new Error('block validation failed'))
    if (!this.holding) return Promise.resolve()
    return new Promise((resolve) => this.held.push(resolve))
  }
}

export class TestRejectedTxBackend implements RejectedTxBackend {
  readonly listeners = new Listeners<RejectedTx>()

  subscribe(listener: (rejected: RejectedTx) => void): Unsubscribe {
    return this.listeners.add(listener)
  }
}
