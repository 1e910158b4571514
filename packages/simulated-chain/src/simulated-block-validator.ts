import {
  type Announcement,
  type BlockValidator,
  type Clock,
  type ErrorCode,
  type HandoffKind,
  type Hash,
  P2PError,
  type PeerId,
} from '@p2p/domain'
import { z } from 'zod'
import { abortError } from './abort-error.js'
import { SimulatedUpstream } from './simulated-upstream.js'

/** One call as the simulated validation service received it. */
export interface ValidatorCallRecord {
  readonly kind: HandoffKind
  readonly hash: Hash
  readonly baseUrl: string
  readonly peerId: PeerId
  /** Clock time of arrival. */
  readonly atMs: number
}

export type UpstreamErrorCode = Extract<ErrorCode, `upstream_${string}`>

const validatorOptionsSchema = z.object({
  /** Calls kept in the log; the oldest are forgotten first. */
  callLogLimit: z.number().int().min(1).max(1_000_000).default(1_000),
})

export type SimulatedBlockValidatorOptions = z.input<typeof validatorOptionsSchema>

interface HeldCall {
  resolve(): void
  reject(error: P2PError): void
}

/**
 * The block validation service, simulated: it accepts every announcement and keeps a log of them.
 * For development and tests it can fail calls (`setFailing`) or leave them unanswered until
 * `release` (`hold`), to play a slow or broken service. A held call rejects when its signal
 * aborts or the validator stops.
 */
export class SimulatedBlockValidator extends SimulatedUpstream implements BlockValidator {
  private readonly callLimit: number
  private log: ValidatorCallRecord[] = []
  private failure: UpstreamErrorCode | undefined
  private holding = false
  private readonly held = new Set<HeldCall>()

  constructor(time: { readonly clock: Clock }, options: SimulatedBlockValidatorOptions = {}) {
    super('SimulatedBlockValidator', time.clock)
    const parsed = validatorOptionsSchema.safeParse(options)
    if (!parsed.success) {
      throw new P2PError('invalid_config', `invalid simulated validator settings: ${parsed.error.message}`)
    }
    this.callLimit = parsed.data.callLogLimit
  }

  blockFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('block', announcement, signal)
  }

  subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    return this.call('subtree', announcement, signal)
  }

  /** The last `callLogLimit` calls that reached the service, oldest first, answered or not. */
  calls(): readonly ValidatorCallRecord[] {
    return this.log.slice(-this.callLimit)
  }

  /** From now on every call fails with `code` (true), or is answered normally again (false). */
  setFailing(failing: boolean, code: UpstreamErrorCode = 'upstream_failed'): void {
    this.failure = failing ? code : undefined
  }

  /** From now on calls wait, unanswered, until `release`. */
  hold(): void {
    this.holding = true
  }

  /** Answers every waiting call, and stops holding new ones. */
  release(): void {
    this.holding = false
    for (const call of [...this.held]) call.resolve()
  }

  /** Calls waiting for `release`. */
  get heldCount(): number {
    return this.held.size
  }

  protected override onStop(): void {
    const stopped = new P2PError('stopped', 'SimulatedBlockValidator stopped while the call was waiting')
    for (const call of [...this.held]) call.reject(stopped)
  }

  private async call(kind: HandoffKind, announcement: Announcement, signal?: AbortSignal): Promise<void> {
    this.checkCall(kind === 'block' ? 'blockFound' : 'subtreeFound', signal)
    this.record(kind, announcement)
    if (this.failure !== undefined) {
      throw new P2PError(this.failure, `simulated ${kind} validation failed`, {
        context: { hash: announcement.hash },
      })
    }
    if (this.holding) await this.wait(signal)
  }

  private record(kind: HandoffKind, { hash, baseUrl, peerId }: Announcement): void {
    this.log.push({ kind, hash, baseUrl, peerId, atMs: this.clock.now() })
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
