import { type Announcement, type BlockValidator, type HandoffKind, P2PError } from '@p2p/domain'
import { abortError } from './abort-error.js'
import { MemoryUpstream, type MemoryUpstreamOptions } from './memory-upstream.js'

export interface ValidatorCall {
  readonly kind: HandoffKind
  readonly announcement: Announcement
}

interface HeldCall {
  resolve(): void
  reject(error: P2PError): void
}

/**
 * The node's block validation service, in memory: records every call in order, and can fail
 * calls (`failNext`, `setUnavailable`) or hold them unanswered until `release` to model a slow
 * service. Held calls reject when their signal aborts or the validator stops.
 */
export class MemoryBlockValidator extends MemoryUpstream implements BlockValidator {
  private readonly log: ValidatorCall[] = []
  private holding = false
  private readonly held = new Set<HeldCall>()

  constructor(options: MemoryUpstreamOptions = {}) {
    super('MemoryBlockValidator', options)
  }

  blockFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('block', announcement, signal)
  }

  subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('subtree', announcement, signal)
  }

  /** Every call, in the order made, including those that failed. */
  get calls(): readonly ValidatorCall[] {
    return this.log
  }

  callsOf(kind: HandoffKind): Announcement[] {
    return this.log.filter((call) => call.kind === kind).map((call) => call.announcement)
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
    const stopped = new P2PError('stopped', 'MemoryBlockValidator stopped while the call was waiting')
    for (const call of [...this.held]) call.reject(stopped)
  }

  private async call(kind: HandoffKind, announcement: Announcement, signal?: AbortSignal): Promise<void> {
    this.log.push({ kind, announcement })
    this.checkCall(kind === 'block' ? 'blockFound' : 'subtreeFound', signal)
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
