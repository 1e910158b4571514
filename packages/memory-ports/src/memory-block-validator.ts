import { type Announcement, type BlockValidator, type HandoffKind, P2PError } from '@p2p/domain'
import { abortError } from './abort-error.js'
import { BoundedLog, wholeNumberOption } from './bounded-log.js'
import { MemoryUpstream, type MemoryUpstreamDeps, type MemoryUpstreamOptions } from './memory-upstream.js'

/** One call as the validation service received it. */
export interface ValidatorCall {
  readonly kind: HandoffKind
  readonly announcement: Announcement
  /** Clock time of arrival. */
  readonly atMs: number
}

export interface MemoryBlockValidatorOptions extends MemoryUpstreamOptions {
  /**
   * Calls kept in the log, the oldest forgotten first: a long-running simulated service bounds
   * it; tests rarely need to. At least 1, at most 1,000,000 (the default).
   */
  readonly callLogLimit?: number
  /**
   * Every n-th call that reaches the service (from 1) rejects with a plain `Error('fetch failed')`
   * and no code: a failure as a client library throws it before any adapter translates it, so
   * the caller's handling of uncoded errors runs (a fuzzer's fallback paths). Off by default; it
   * breaks the port's coded-rejection contract on purpose.
   */
  readonly failEvery?: number
}

const MAX_CALL_LOG = 1_000_000

interface HeldCall {
  resolve(): void
  reject(error: P2PError): void
}

/**
 * The node's block validation service, in memory: it accepts every announcement and logs the calls
 * that reach it. It can fail calls (`failNext`, `setFailing`, `setUnavailable`, the `failEvery`
 * option) or hold them unanswered until `release`, to play a slow or broken service; a held call
 * rejects when its signal aborts or the validator stops.
 */
export class MemoryBlockValidator extends MemoryUpstream implements BlockValidator {
  private readonly log: BoundedLog<ValidatorCall>
  private readonly failEvery: number
  private reached = 0
  private holding = false
  private readonly held = new Set<HeldCall>()

  constructor(deps: MemoryUpstreamDeps = {}, options: MemoryBlockValidatorOptions = {}) {
    super(options.name ?? 'MemoryBlockValidator', deps)
    this.log = new BoundedLog(
      wholeNumberOption('callLogLimit', options.callLogLimit ?? MAX_CALL_LOG, 1, MAX_CALL_LOG),
    )
    this.failEvery = wholeNumberOption(
      'failEvery',
      options.failEvery ?? Number.POSITIVE_INFINITY,
      1,
      Number.POSITIVE_INFINITY,
    )
  }

  blockFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('block', announcement, signal)
  }

  subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('subtree', announcement, signal)
  }

  /** The last `callLogLimit` calls that reached the service, oldest first, answered or not. */
  get calls(): readonly ValidatorCall[] {
    return this.log.items
  }

  /** Calls that reached the service, forgotten ones included. */
  get callCount(): number {
    return this.reached
  }

  callsOf(kind: HandoffKind): Announcement[] {
    return this.calls.filter((call) => call.kind === kind).map((call) => call.announcement)
  }

  /** Calls from now on wait, unanswered, until `release`. */
  hold(): void {
    this.holding = true
  }

  /** Answers every waiting call and stops holding new ones. */
  release(): void {
    this.holding = false
    for (const call of [...this.held]) call.resolve()
  }

  /** Calls currently waiting for `release`. */
  get heldCount(): number {
    return this.held.size
  }

  protected override onStop(): void {
    const stopped = new P2PError('stopped', 'the block validator stopped while the call was waiting')
    for (const call of [...this.held]) call.reject(stopped)
  }

  private async call(kind: HandoffKind, announcement: Announcement, signal?: AbortSignal): Promise<void> {
    const operation = kind === 'block' ? 'blockFound' : 'subtreeFound'
    this.admit(operation, signal)
    this.log.push({ kind, announcement, atMs: this.clock.now() })
    this.reached++
    this.failIfScripted(operation)
    if (this.reached % this.failEvery === 0) throw new Error('fetch failed')
    if (this.holding) await this.wait(signal)
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => call.reject(abortError(signal as AbortSignal))
      const settle = (): void => {
        this.held.delete(call)
        signal?.removeEventListener('abort', onAbort)
      }
      const call: HeldCall = {
        resolve: () => {
          settle()
          resolve()
        },
        reject: (error) => {
          settle()
          reject(error)
        },
      }
      this.held.add(call)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
