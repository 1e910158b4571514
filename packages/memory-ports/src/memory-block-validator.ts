import { type Announcement, type BlockValidator, type HandoffKind, P2PError } from '@p2p/domain'
import { abortError } from './abort-error.js'
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
}

const MAX_CALL_LOG = 1_000_000

interface HeldCall {
  resolve(): void
  reject(error: P2PError): void
}

/**
 * The node's block validation service, in memory: it accepts every announcement and logs the calls
 * that reach it. It can fail calls (`failNext`, `setFailing`, `setUnavailable`) or hold them
 * unanswered until `release`, to play a slow or broken service; a held call rejects when its signal
 * aborts or the validator stops.
 */
export class MemoryBlockValidator extends MemoryUpstream implements BlockValidator {
  private readonly callLimit: number
  private log: ValidatorCall[] = []
  private holding = false
  private readonly held = new Set<HeldCall>()

  constructor(deps: MemoryUpstreamDeps = {}, options: MemoryBlockValidatorOptions = {}) {
    super(options.name ?? 'MemoryBlockValidator', deps)
    const limit = options.callLogLimit ?? MAX_CALL_LOG
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CALL_LOG) {
      throw new P2PError('invalid_config', `callLogLimit must be a whole number from 1 to ${MAX_CALL_LOG}`, {
        context: { callLogLimit: limit },
      })
    }
    this.callLimit = limit
  }

  blockFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('block', announcement, signal)
  }

  subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('subtree', announcement, signal)
  }

  /** The last `callLogLimit` calls that reached the service, oldest first, answered or not. */
  get calls(): readonly ValidatorCall[] {
    if (this.log.length > this.callLimit) this.log = this.log.slice(-this.callLimit)
    return this.log
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
    this.record({ kind, announcement, atMs: this.clock.now() })
    this.failIfScripted(operation)
    if (this.holding) await this.wait(signal)
  }

  private record(call: ValidatorCall): void {
    this.log.push(call)
    // Trimmed in batches so a full log does not copy itself on every call.
    if (this.log.length >= this.callLimit * 2) this.log = this.log.slice(-this.callLimit)
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
