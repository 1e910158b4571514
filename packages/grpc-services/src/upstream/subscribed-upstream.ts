import type { DescMessage, DescMethod, MessageShape } from '@bufbuild/protobuf'
import { Metadata } from '@grpc/grpc-js'
import {
  LogLimiter,
  type P2PError,
  type Unsubscribe,
  type UpstreamService,
  type UpstreamStatus,
} from '@p2p/domain'
import { deserializer, methodPath, serializer } from '../grpc/method-codec.js'
import type { ClientOptions } from './client-options.js'
import { StreamKeeper } from './stream-keeper.js'
import { SubscriptionActivity } from './subscription-activity.js'
import { UpstreamClient, type UpstreamDeps } from './upstream-client.js'

/** A stream message as an event, or nothing (a keep-alive), or an error (malformed: dropped and counted). */
export type Mapped<E> =
  | { readonly ok: true; readonly event: E }
  | { readonly ok: false; readonly error?: P2PError | undefined }

/** How often a warning the service can provoke with every message may reach warn (as for peers). */
const WARN_INTERVAL_MS = 10_000

export interface SubscribedUpstreamOptions<O extends DescMessage, E> extends ClientOptions {
  /** The node service at `address`. */
  readonly service: UpstreamService
  /** The service's Subscribe method. */
  readonly subscribeMethod: DescMethod & { readonly input: DescMessage; readonly output: O }
  /** What we call ourselves in the SubscribeRequest. */
  readonly source: string
  /** A stream message as an event, a keep-alive or a malformed message. */
  readonly map: (message: MessageShape<O>) => Mapped<E>
}

/**
 * A node service we follow through one `Subscribe(SubscribeRequest{source})` stream: the
 * channel, the stream kept open, and the fan-out of mapped events to listeners (a throwing
 * listener is logged, the others still get the event; a malformed message is dropped, logged
 * and counted). Its status adds to the state how quiet the stream is and how often it failed.
 * A broken or hostile service can send thousands of bad messages a second: each is counted,
 * but each kind of warning reaches warn at most once per interval, with the number held back.
 */
export class SubscribedUpstream<O extends DescMessage, E> {
  readonly upstream: UpstreamClient
  private readonly activity = new SubscriptionActivity()
  private readonly listeners = new Set<(event: E) => void>()
  private readonly malformedWarnings: LogLimiter
  private readonly listenerErrors: LogLimiter
  private keeper: StreamKeeper<MessageShape<O>> | undefined

  private readonly subscribeMethod: DescMethod & { readonly input: DescMessage; readonly output: O }
  private readonly source: string
  private readonly map: (message: MessageShape<O>) => Mapped<E>

  constructor(deps: UpstreamDeps, options: SubscribedUpstreamOptions<O, E>) {
    const { subscribeMethod, source, map, ...client } = options
    this.subscribeMethod = subscribeMethod
    this.source = source
    this.map = map
    this.upstream = new UpstreamClient(deps, client)
    this.malformedWarnings = new LogLimiter({ clock: deps.clock }, { intervalMs: WARN_INTERVAL_MS })
    this.listenerErrors = new LogLimiter({ clock: deps.clock }, { intervalMs: WARN_INTERVAL_MS })
  }

  subscribe(listener: (event: E) => void): Unsubscribe {
    const own = (event: E) => listener(event)
    this.listeners.add(own)
    return () => this.listeners.delete(own)
  }

  start(): void {
    const client = this.upstream.start()
    const method = this.subscribeMethod
    const { deps, options } = this.upstream
    this.keeper ??= new StreamKeeper<MessageShape<O>>(
      {
        service: this.upstream.service,
        method: method.name,
        address: options.address,
        client,
        open: () =>
          client.makeServerStreamRequest(
            methodPath(method),
            serializer(method.input),
            deserializer(method.output),
            { source: this.source },
            // Queued until the channel connects instead of failing at once while it is between
            // attempts: a restarted service is followed as soon as the channel reconnects. The
            // attempt's own connect deadline bounds the wait.
            new Metadata({ waitForReady: true }),
          ),
        onMessage: (message) => this.deliver(message),
        state: this.upstream.state,
        activity: this.activity,
        ...deps,
      },
      { backoff: options.backoff, connectTimeoutMs: options.connectTimeoutMs, settleMs: options.settleMs },
    )
    this.keeper.start()
  }

  stop(): void {
    this.keeper?.stop()
    this.upstream.stop()
  }

  status(): UpstreamStatus {
    return { ...this.upstream.status, ...this.activity.snapshot(this.upstream.deps.clock.now()) }
  }

  private deliver(message: MessageShape<O>): void {
    const { deps, service } = this.upstream
    const mapped = this.map(message)
    if (!mapped.ok) {
      if (mapped.error !== undefined) {
        deps.metrics.upstreamCall(service, this.subscribeMethod.name, mapped.error.code, 0)
        const context = { service, code: mapped.error.code, reason: mapped.error.message }
        const held = this.malformedWarnings.admit()
        if (held === undefined)
          deps.logger.debug('dropped a malformed notification from a node service', context)
        else
          deps.logger.warn('dropped a malformed notification from a node service', {
            ...context,
            alsoDropped: held,
          })
      }
      return
    }
    for (const listener of this.listeners) {
      try {
        listener(mapped.event)
      } catch (error) {
        const context = { service, error: String(error) }
        const held = this.listenerErrors.admit()
        if (held === undefined) deps.logger.debug('a node-service listener threw', context)
        else deps.logger.error('a node-service listener threw', { ...context, alsoFailed: held })
      }
    }
  }
}
