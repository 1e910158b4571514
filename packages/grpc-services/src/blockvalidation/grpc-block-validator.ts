import {
  type Announcement,
  type BlockValidator,
  hashToInternalBytes,
  P2PError,
  type TimerHandle,
  type UpstreamStatus,
} from '@p2p/domain'
import { BlockValidationAPI } from '../gen/blockvalidation_api/blockvalidation_api_pb.js'
import { type ClientOptionsInput, parseClientOptions } from '../upstream/client-options.js'
import { UpstreamClient, type UpstreamDeps } from '../upstream/upstream-client.js'

export interface GrpcBlockValidatorOptions extends ClientOptionsInput {
  /** Extra attempts after a call failed for a reason a retry can fix (unavailable, deadline). */
  readonly retries?: number
  /** Wait before the first retry; doubles for each further one. */
  readonly retryDelayMs?: number
}

const RETRYABLE = new Set(['upstream_unavailable', 'upstream_timeout'])

/**
 * The BlockValidator port over the block validation service's gRPC API
 * (`blockvalidation_grpcAddress`). Each call has a deadline and a bounded number of retries, so a
 * validator that is down costs a hand-off slot for a bounded time and never blocks gossip.
 */
export class GrpcBlockValidator implements BlockValidator {
  private readonly upstream: UpstreamClient
  private readonly retries: number
  private readonly retryDelayMs: number
  private probing = false
  private retryProbe: TimerHandle | undefined

  constructor(deps: UpstreamDeps, options: GrpcBlockValidatorOptions) {
    this.upstream = new UpstreamClient(deps, {
      ...parseClientOptions(options, 'blockValidation'),
      service: 'blockValidation',
    })
    this.retries = Math.max(0, Math.min(options.retries ?? 2, 10))
    this.retryDelayMs = Math.max(0, options.retryDelayMs ?? 200)
  }

  async start(): Promise<void> {
    this.upstream.start()
    this.probe()
  }

  async stop(): Promise<void> {
    this.retryProbe?.cancel()
    this.retryProbe = undefined
    this.upstream.stop()
  }

  /**
   * There is no stream to tell us whether the service is there: ask the channel to connect and
   * report what it says, again every backoff interval while it is down, so health recovers by
   * itself when the service comes back (not only at the next hand-off).
   */
  private probe(): void {
    if (this.probing || !this.upstream.isStarted) return
    this.probing = true
    const { client, options } = this.upstream
    client?.waitForReady(Date.now() + options.connectTimeoutMs, (error) => {
      this.probing = false
      if (!this.upstream.isStarted) return
      if (error === undefined || error === null) {
        this.upstream.state.set('up')
        return
      }
      this.upstream.state.set('down', `cannot reach the block validation service: ${error.message}`)
      this.retryProbe = this.upstream.deps.clock.setTimer(options.backoff.maxMs, () => this.probe())
    })
  }

  status(): UpstreamStatus {
    return this.upstream.status
  }

  blockFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    const request = { hash: hashToInternalBytes(announcement.hash), baseUrl: announcement.baseUrl }
    const method = BlockValidationAPI.method.blockFound
    return this.withRetries(method.name, announcement, signal, () =>
      this.upstream.unary(method, request, signal),
    )
  }

  subtreeFound(announcement: Announcement, signal?: AbortSignal): Promise<void> {
    const request = { hash: hashToInternalBytes(announcement.hash), baseUrl: announcement.baseUrl }
    const method = BlockValidationAPI.method.subtreeFound
    return this.withRetries(method.name, announcement, signal, () =>
      this.upstream.unary(method, request, signal),
    )
  }

  private async withRetries(
    method: string,
    announcement: Announcement,
    signal: AbortSignal | undefined,
    attemptCall: () => Promise<unknown>,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await attemptCall()
        this.upstream.state.set('up')
        return
      } catch (error) {
        if (!(error instanceof P2PError) || !RETRYABLE.has(error.code) || attempt >= this.retries) {
          this.noteFailure(error)
          throw error
        }
        this.upstream.deps.logger.debug('block validation call failed; retrying', {
          method,
          hash: announcement.hash,
          attempt: attempt + 1,
          code: error.code,
        })
        await this.pause(this.retryDelayMs * 2 ** attempt, signal)
      }
    }
  }

  private noteFailure(error: unknown): void {
    if (error instanceof P2PError && error.code === 'upstream_unavailable') {
      this.upstream.state.set('down', error.message)
      this.probe()
    }
  }

  /** Waits on the clock, cut short (with `stopped`) by the caller's signal or by stop(). */
  private pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const stopped = () => new P2PError('stopped', 'the block validation call was aborted')
      if (signal?.aborted === true || !this.upstream.isStarted) return reject(stopped())
      const onAbort = () => {
        timer.cancel()
        reject(stopped())
      }
      const timer = this.upstream.deps.clock.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort)
        if (this.upstream.isStarted) resolve()
        else reject(stopped())
      })
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
