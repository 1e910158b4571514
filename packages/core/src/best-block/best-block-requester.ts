import { bestBlockMessageCodec, type Clock, unwrap } from '@p2p/domain'
import type { Publisher } from '../outbound/publisher.js'
import type { TaskTracker } from '../queue/task-tracker.js'

export interface BestBlockRequesterDeps {
  readonly publisher: Publisher
  readonly tasks: TaskTracker
  readonly clock: Clock
  readonly peerId: string
  readonly minIntervalMs: number
}

/**
 * Asks the network for its best block. The reference asked once at start, usually before any
 * peer was in the topic's mesh, so nobody heard it. We also ask when the first peer joins the
 * best-block topic, and again on later joins once `minIntervalMs` has passed.
 */
export class BestBlockRequester {
  private lastRequestMs: number | undefined
  private sawTopicPeer = false

  constructor(private readonly deps: BestBlockRequesterDeps) {}

  requestNow(): void {
    this.lastRequestMs = this.deps.clock.now()
    const message = unwrap(bestBlockMessageCodec.create({ peerId: this.deps.peerId }))
    this.deps.tasks.run(async () => {
      await this.deps.publisher.publish('bestBlock', message)
    })
  }

  topicPeerJoined(): void {
    const first = !this.sawTopicPeer
    this.sawTopicPeer = true
    const elapsed =
      this.lastRequestMs === undefined ? Number.POSITIVE_INFINITY : this.deps.clock.now() - this.lastRequestMs
    if (first || elapsed >= this.deps.minIntervalMs) this.requestNow()
  }
}
