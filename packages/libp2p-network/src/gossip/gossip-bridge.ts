import { type GossipSub, type Message, TopicValidatorResult } from '@libp2p/gossipsub'
import type { PeerId as Libp2pPeerId } from '@libp2p/interface'
import {
  type GossipVerdict,
  type Logger,
  P2PError,
  type PeerNetworkListener,
  type TopicKind,
} from '@p2p/domain'
import { GOSSIP_PX_PEERS } from './gossip-options.js'
import { guardPeerExchange } from './peer-exchange-guard.js'

/**
 * Longest stretch of back-to-back validations before the event loop gets a turn. Gossipsub reads
 * a peer's stream and awaits each message (awaitRpcHandler), and what is already buffered comes
 * through as microtasks, which never let timers or I/O in: a flood at our full rate would hold
 * the loop for as long as its buffer lasts (health checks time out, every other peer waits).
 * Holding a verdict back for one turn every few milliseconds bounds that stall, and makes the
 * busy peer's stream, not the whole node, wait.
 */
const SLICE_MS = 10

const RESULT_OF: Readonly<Record<GossipVerdict, TopicValidatorResult>> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
}

export interface GossipBridgeDeps {
  readonly pubsub: GossipSub
  readonly listener: PeerNetworkListener
  /** Our own peer id: only our own messages reach the listener through the self-delivery event. */
  readonly self: Libp2pPeerId
  readonly logger: Logger
}

export interface GossipBridgeOptions {
  /** The topic of each kind the wire carries. */
  readonly topicNames: Readonly<Partial<Record<TopicKind, string>>>
  /** See NetworkConfig.rejectBlames. */
  readonly rejectBlames: 'author' | 'relay'
}

/**
 * Joins gossipsub to the service's listener. Messages from other peers are judged in the topic
 * validator, before gossipsub relays them, so only accepted messages travel on; our own messages
 * (which gossipsub never validates) reach the listener through the self-delivery event.
 */
export class GossipBridge {
  private readonly kindOf: ReadonlyMap<string, TopicKind>
  private active = false
  /** When the current run of validations without a turn for the event loop began; undefined between runs. */
  private sliceStartMs: number | undefined
  /** The turn of the event loop on which the listener acts on this turn's verdicts, once scheduled. */
  private settling: NodeJS.Immediate | undefined

  private readonly pubsub: GossipSub
  private readonly listener: PeerNetworkListener
  private readonly self: Libp2pPeerId
  private readonly logger: Logger

  constructor(
    deps: GossipBridgeDeps,
    private readonly options: GossipBridgeOptions,
  ) {
    this.pubsub = deps.pubsub
    this.listener = deps.listener
    this.self = deps.self
    this.logger = deps.logger
    this.kindOf = new Map(
      Object.entries(options.topicNames).map(([kind, name]) => [name as string, kind as TopicKind]),
    )
  }

  start(): void {
    this.active = true
    // Before our first subscription: PRUNEs (and their peer lists) only matter for topics we run.
    if (!guardPeerExchange(this.pubsub, GOSSIP_PX_PEERS, this.logger))
      this.logger.warn('gossipsub has no connect method to guard; peer exchange dials are unbounded')
    for (const [topic, kind] of this.kindOf) {
      this.pubsub.topicValidators.set(topic, (relay, message) =>
        this.yielding(this.validate(kind, relay, message)),
      )
      this.pubsub.subscribe(topic)
    }
    this.pubsub.addEventListener('message', this.onMessage)
    this.pubsub.addEventListener('subscription-change', this.onSubscriptionChange)
  }

  stop(): void {
    this.active = false
    if (this.settling !== undefined) {
      clearImmediate(this.settling)
      this.settle()
    }
    this.pubsub.removeEventListener('message', this.onMessage)
    this.pubsub.removeEventListener('subscription-change', this.onSubscriptionChange)
  }

  async publish(kind: TopicKind, data: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    const topic = this.options.topicNames[kind]
    // The wire's encode refuses such a kind first; this keeps the bridge honest on its own.
    if (topic === undefined) throw new P2PError('not_carried', `no ${kind} topic on this network`)
    const publishing = this.pubsub.publish(topic, data)
    try {
      await (signal === undefined ? publishing : raceAbort(publishing, signal))
    } catch (error) {
      if (error instanceof P2PError) throw error
      throw new P2PError('send_failed', `gossip publish on ${kind} failed: ${String(error)}`, {
        context: { kind },
        cause: error,
      })
    }
  }

  /** Topic kinds each known peer subscribes to. */
  topicsByPeer(): Map<string, TopicKind[]> {
    const byPeer = new Map<string, TopicKind[]>()
    for (const [topic, kind] of this.kindOf) {
      for (const peer of this.pubsub.getSubscribers(topic)) {
        const id = peer.toString()
        byPeer.set(id, [...(byPeer.get(id) ?? []), kind])
      }
    }
    return byPeer
  }

  /** Gossipsub mesh peers per topic kind (diagnostics and tests). */
  meshPeers(kind: TopicKind): string[] {
    // The implementation has it; the published interface does not declare it.
    const withMesh = this.pubsub as GossipSub & { getMeshPeers?: (topic: string) => string[] }
    const topic = this.options.topicNames[kind]
    return topic === undefined ? [] : (withMesh.getMeshPeers?.(topic) ?? [])
  }

  /** The verdict as it is, or after one turn of the event loop when validations have run back to back too long. */
  private yielding(result: TopicValidatorResult): TopicValidatorResult | Promise<TopicValidatorResult> {
    const now = performance.now()
    if (this.sliceStartMs === undefined) {
      this.sliceStartMs = now
      setImmediate(this.endSlice)
      return result
    }
    if (now - this.sliceStartMs < SLICE_MS) return result
    return new Promise((resolve) => setImmediate(() => resolve(result)))
  }

  private readonly endSlice = (): void => {
    this.sliceStartMs = undefined
  }

  private validate(kind: TopicKind, relay: Libp2pPeerId, message: Message): TopicValidatorResult {
    // StrictSign guarantees an author; an unsigned message cannot be attributed to anyone.
    if (!this.active || message.type !== 'signed') return TopicValidatorResult.Ignore
    const verdict = this.deliver(kind, message.from.toString(), message.data)
    // The core has already charged the author; see NetworkConfig.rejectBlames for the relay.
    if (verdict === 'reject' && this.options.rejectBlames === 'author' && !relay.equals(message.from))
      return TopicValidatorResult.Ignore
    return RESULT_OF[verdict]
  }

  private readonly onMessage = (event: CustomEvent<Message>): void => {
    const message = event.detail
    if (!this.active || message.type !== 'signed' || !message.from.equals(this.self)) return
    const kind = this.kindOf.get(message.topic)
    if (kind !== undefined) this.deliver(kind, message.from.toString(), message.data)
  }

  private deliver(kind: TopicKind, from: string, data: Uint8Array): GossipVerdict {
    try {
      const verdict = this.listener.gossip({ kind, from, data })
      // Gossipsub relays once the validator has returned, in the microtasks that follow; the
      // listener acts on its verdicts on the next turn of the event loop, one call per turn.
      this.settling ??= setImmediate(this.settle)
      return verdict
    } catch (error) {
      // The listener is not supposed to throw; if it does, the message is not relayed and the
      // sender is not blamed for our fault.
      this.logger.error('gossip listener threw', { kind, from, error: String(error) })
      return 'ignore'
    }
  }

  private readonly settle = (): void => {
    this.settling = undefined
    try {
      this.listener.afterVerdicts()
    } catch (error) {
      this.logger.error('gossip listener threw after its verdicts', { error: String(error) })
    }
  }

  private readonly onSubscriptionChange = (
    event: CustomEvent<{ peerId: Libp2pPeerId; subscriptions: Array<{ topic: string; subscribe: boolean }> }>,
  ): void => {
    if (!this.active) return
    for (const { topic, subscribe } of event.detail.subscriptions) {
      const kind = this.kindOf.get(topic)
      if (!subscribe || kind === undefined) continue
      try {
        this.listener.topicPeerJoined(kind, event.detail.peerId.toString())
      } catch (error) {
        this.logger.error('topic-join listener threw', { kind, error: String(error) })
      }
    }
  }
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw new P2PError('stopped', 'the operation was aborted')
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new P2PError('stopped', 'the operation was aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, aborted])
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort)
  }
}
