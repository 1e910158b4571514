import type { GossipSub } from '@libp2p/gossipsub'
import type { StreamCloseEvent } from '@libp2p/interface'
import { type Logger, LogLimiter } from '@p2p/domain'

/** The libp2p stream inside gossipsub's per-peer OutboundStream (a private field in its typings). */
interface WrappedStream {
  readonly rawStream?: {
    addEventListener(
      type: 'close',
      listener: (event: StreamCloseEvent) => void,
      options: { once: true },
    ): void
  }
}

/** gossipsub's map of the stream it writes to each peer (public on the class, not on its interface). */
interface WithOutboundStreams {
  readonly streamsOutbound: Map<string, WrappedStream>
}

function hasOutboundStreams(pubsub: object): pubsub is WithOutboundStreams {
  return (pubsub as Partial<WithOutboundStreams>).streamsOutbound instanceof Map
}

/** What @libp2p/utils aborts a stream with when its unsent data passes maxWriteBufferLength. */
function isWriteBufferOverflow(error: Error | undefined): boolean {
  return error?.name === 'StreamBufferError'
}

/**
 * Calls `onOverflow(peer)` when gossipsub's stream to `peer` is aborted because more than
 * maxOutboundBufferSize of our gossip waited unsent (the peer stopped reading). Gossipsub (17.1)
 * then only forgets the stream: while the connection stays up it never opens another, so the peer
 * receives nothing from us until it reconnects by itself. The hook is gossipsub's own map: every
 * stream it stores is watched for that abort.
 *
 * Returns false when the map is missing (a library upgrade renamed it); the caller warns.
 */
export function watchOutboundOverflow(pubsub: GossipSub, onOverflow: (peer: string) => void): boolean {
  if (!hasOutboundStreams(pubsub)) return false
  const streams = pubsub.streamsOutbound
  const set = streams.set.bind(streams)
  streams.set = (peer: string, stream: WrappedStream) => {
    stream.rawStream?.addEventListener(
      'close',
      (event) => {
        if (isWriteBufferOverflow(event.error)) onOverflow(peer)
      },
      { once: true },
    )
    return set(peer, stream)
  }
  return true
}

export interface StalledPeerGuardDeps {
  readonly pubsub: GossipSub
  /** Drops every connection to the peer at once: a peer that does not read cannot close gracefully. */
  readonly disconnect: (peer: string) => void
  readonly logger: Logger
  readonly now: () => number
}

export interface StalledPeerGuardOptions {
  /** At most one warning per this interval (a peer can provoke them); the rest are debug lines. */
  readonly warnEveryMs: number
}

/**
 * Keeps a peer that stalled from staying deaf: when gossipsub gives up on its stream (see
 * watchOutboundOverflow) the connection is dropped, so the peer's own redial, static peers or
 * discovery bring it back with fresh streams in both directions. Each one is counted.
 */
export class StalledPeerGuard {
  private disconnects = 0
  private active = false
  private readonly warnings: LogLimiter

  constructor(
    private readonly deps: StalledPeerGuardDeps,
    options: StalledPeerGuardOptions = { warnEveryMs: 60_000 },
  ) {
    this.warnings = new LogLimiter({ clock: { now: deps.now } }, { intervalMs: options.warnEveryMs })
  }

  /** Before the node starts, so the first streams are watched too. */
  start(): void {
    this.active = true
    if (!watchOutboundOverflow(this.deps.pubsub, this.onOverflow))
      this.deps.logger.warn('gossipsub has no outbound stream map to watch; a stalled peer stays deaf')
  }

  stop(): void {
    this.active = false
  }

  /** Peers disconnected because our gossip to them overflowed, since start. */
  get count(): number {
    return this.disconnects
  }

  private readonly onOverflow = (peer: string): void => {
    if (!this.active) return
    this.disconnects++
    const held = this.warnings.admit()
    const context = { peer, stalledPeerDisconnects: this.disconnects }
    const message = 'peer stopped reading our gossip; disconnected it'
    if (held === undefined) this.deps.logger.debug(message, context)
    else this.deps.logger.warn(message, { ...context, warningsHeldBack: held })
    // Not from inside the abort: gossipsub is mid-send (often looping over peers) and dropping
    // the connection makes it remove the peer.
    queueMicrotask(() => {
      if (this.active) this.deps.disconnect(peer)
    })
  }
}
