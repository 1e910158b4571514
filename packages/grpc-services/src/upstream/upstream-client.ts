import { setMaxListeners } from 'node:events'
import type { DescMessage, DescMethod, MessageInitShape, MessageShape } from '@bufbuild/protobuf'
import { Client } from '@grpc/grpc-js'
import type { Clock, Logger, UpstreamMetrics, UpstreamService, UpstreamStatus } from '@p2p/domain'
import { P2PError } from '@p2p/domain'
import { toUpstreamError } from '../grpc/grpc-errors.js'
import { unaryCall } from '../grpc/unary-call.js'
import type { ClientOptions } from './client-options.js'
import { UpstreamStateTracker } from './upstream-state.js'

export interface UpstreamDeps {
  readonly clock: Clock
  readonly logger: Logger
  readonly metrics: UpstreamMetrics
}

export interface UpstreamClientOptions extends ClientOptions {
  /** The node service at `address`. */
  readonly service: UpstreamService
}

type Phase = 'created' | 'started' | 'stopped'

/**
 * What the three node-service adapters share: one grpc-js channel, the lifecycle, the status
 * for health checks, and unary calls that are timed, counted and turned into coded errors.
 */
export class UpstreamClient {
  readonly state: UpstreamStateTracker
  private phase: Phase = 'created'
  private channel: Client | undefined
  /** Aborted by stop(): cancels every call in flight (closing a grpc-js channel does not). */
  private readonly stopping = new AbortController()

  readonly service: UpstreamService

  constructor(
    readonly deps: UpstreamDeps,
    readonly options: UpstreamClientOptions,
  ) {
    this.service = options.service
    this.state = new UpstreamStateTracker(deps, { service: options.service })
    // One listener per call in flight, by design: not the leak Node warns about past ten.
    setMaxListeners(0, this.stopping.signal)
  }

  get status(): UpstreamStatus {
    return this.state.status
  }

  /** The channel while started. */
  get client(): Client | undefined {
    return this.channel
  }

  get isStarted(): boolean {
    return this.phase === 'started'
  }

  /** Opens the channel; returns it for subscriptions. */
  start(): Client {
    if (this.phase === 'stopped') throw new P2PError('stopped', `the ${this.service} client was stopped`)
    if (this.channel === undefined) {
      this.channel = new Client(this.options.address, this.options.credentials, {
        // grpc-js backs off reconnecting a broken channel up to 120 s by default; a node service
        // that restarts must be back in our hands within seconds, so keep the backoff short.
        'grpc.initial_reconnect_backoff_ms': 250,
        'grpc.max_reconnect_backoff_ms': this.options.backoff.maxMs,
        'grpc.keepalive_time_ms': this.options.keepaliveMs,
        'grpc.keepalive_timeout_ms': 10_000,
        // channelz keeps per-call statistics and traces for a debugging service we never serve.
        'grpc.enable_channelz': 0,
      })
      this.phase = 'started'
      this.state.set('connecting', `connecting to ${this.options.address}`)
    }
    return this.channel
  }

  /** Aborts calls in flight (they reject with `stopped`) and closes the channel. */
  stop(): void {
    if (this.phase === 'stopped') return
    this.phase = 'stopped'
    this.stopping.abort()
    this.channel?.close()
    this.channel = undefined
    this.state.stopped()
  }

  async unary<I extends DescMessage, O extends DescMessage>(
    method: DescMethod & { readonly input: I; readonly output: O },
    request: MessageInitShape<I>,
    signal: AbortSignal | undefined,
  ): Promise<MessageShape<O>> {
    const client = this.channel
    if (client === undefined || this.phase !== 'started') {
      throw new P2PError('not_started', `the ${this.service} client is not started`)
    }
    if (signal?.aborted === true) throw new P2PError('stopped', `${method.name} was aborted`)
    const started = performance.now()
    try {
      const response = await unaryCall(client, method, request, {
        deadlineMs: this.options.callTimeoutMs,
        signal,
        stopSignal: this.stopping.signal,
      })
      this.deps.metrics.upstreamCall(this.service, method.name, 'ok', (performance.now() - started) / 1000)
      return response
    } catch (error) {
      const coded = toUpstreamError(error, this.service, method.name)
      this.deps.metrics.upstreamCall(
        this.service,
        method.name,
        coded.code,
        (performance.now() - started) / 1000,
      )
      throw coded
    }
  }
}
