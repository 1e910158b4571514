import type { Hash, MessageTrace, TraceStage } from '@p2p/domain'

export interface TracedMessage {
  readonly hash: Hash
  /** Each stage passed, ms since the epoch (the first time it was passed). */
  readonly stages: Partial<Record<TraceStage, number>>
}

export interface MemoryMessageTraceDeps {
  /** ms since the epoch, as finely as the clock can tell. */
  readonly now: () => number
}

export interface MemoryMessageTraceOptions {
  /** Share of hashes traced, 0 to 1. */
  readonly sampleRate: number
  /** Messages kept; past this the oldest is forgotten. */
  readonly maxMessages: number
}

/** Of 65,536 hash prefixes, how many are traced at this rate. */
const PREFIXES = 0x10000

/**
 * MessageTrace kept in memory: the last `maxMessages` sampled messages with their stage times.
 * A hash is sampled when its first four hex digits fall under the rate, so every node with the
 * same rate samples the same messages. With the deps' clock it is the in-memory port; with a
 * fine-grained wall clock it is what a node runs.
 */
export class MemoryMessageTrace implements MessageTrace {
  private readonly threshold: number
  private readonly messages = new Map<Hash, TracedMessage>()

  constructor(
    private readonly deps: MemoryMessageTraceDeps,
    private readonly options: MemoryMessageTraceOptions,
  ) {
    this.threshold = Math.round(Math.min(1, Math.max(0, options.sampleRate)) * PREFIXES)
  }

  get sampleRate(): number {
    return this.options.sampleRate
  }

  sampled(hash: Hash): boolean {
    if (this.threshold === 0) return false
    const prefix = Number.parseInt(hash.slice(0, 4), 16)
    return Number.isInteger(prefix) && prefix < this.threshold
  }

  stamp(): number {
    return this.deps.now()
  }

  mark(hash: Hash, stage: TraceStage, atMs: number): void {
    if (!this.sampled(hash)) return
    let message = this.messages.get(hash)
    if (message === undefined) {
      if (this.messages.size >= this.options.maxMessages) {
        const oldest = this.messages.keys().next().value
        if (oldest !== undefined) this.messages.delete(oldest)
      }
      message = { hash, stages: {} }
      this.messages.set(hash, message)
    }
    const stages = message.stages as Record<TraceStage, number>
    if (stages[stage] === undefined) stages[stage] = atMs
  }

  /** The messages kept, oldest first. */
  messagesTraced(): readonly TracedMessage[] {
    return [...this.messages.values()]
  }

  clear(): void {
    this.messages.clear()
  }
}
