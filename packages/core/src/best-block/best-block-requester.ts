import { type Clock, type TimerHandle, unwrap, type WireFormat } from '@p2p/domain'
import type { Publisher } from '../outbound/publisher.js'
import type { TaskTracker } from '../queue/task-tracker.js'

export interface BestBlockRequesterDeps {
  /** A wire without the best-block kind (the teranode profile) is never asked. */
  readonly wire: WireFormat
  readonly publisher: Publisher
  readonly tasks: TaskTracker
  readonly clock: Clock
  readonly peerId: string
  readonly minIntervalMs: number
  /** How long after a request its replies are welcome. */
  readonly replyWindowMs: number
  /** How many replies one request may bring. */
  readonly maxRepliesPerRequest: number
}

/**
 * Asks the network for its best block, and knows whether a reply is one we asked for. The
 * reference asked once at start, usually before any peer was in the topic's mesh, so nobody
 * heard it. We also ask when the first peer joins the best-block topic, and again on later
 * joins: at once if `minIntervalMs` has passed, otherwise once when it has, so that a peer who
 * joined just after a request (and so never heard it) is still asked, without one request per
 * join.
 */
export class BestBlockRequester {
  private lastRequestMs: number | undefined
  private repliesLeft = 0
  private sawTopicPeer = false
  private deferred: TimerHandle | undefined
  private closed = false

  constructor(private readonly deps: BestBlockRequesterDeps) {}

  requestNow(): void {
    if (this.closed || !this.deps.wire.carries('bestBlock')) return
    this.deferred?.cancel()
    this.deferred = undefined
    this.lastRequestMs = this.deps.clock.now()
    this.repliesLeft = this.deps.maxRepliesPerRequest
    const message = unwrap(this.deps.wire.create('bestBlock', { peerId: this.deps.peerId }))
    this.deps.tasks.run(() => this.deps.publisher.publish('bestBlock', message))
  }

  topicPeerJoined(): void {
    const first = !this.sawTopicPeer
    this.sawTopicPeer = true
    const elapsed =
      this.lastRequestMs === undefined ? Number.POSITIVE_INFINITY : this.deps.clock.now() - this.lastRequestMs
    if (first || elapsed >= this.deps.minIntervalMs) {
      this.requestNow()
      return
    }
    if (this.deferred !== undefined || this.closed) return
    this.deferred = this.deps.clock.setTimer(this.deps.minIntervalMs - elapsed, () => {
      this.deferred = undefined
      this.requestNow()
    })
  }

  /** No more requests; cancels a deferred one. */
  close(): void {
    this.closed = true
    this.deferred?.cancel()
    this.deferred = undefined
  }

  /**
   * Takes one reply off the current request's allowance, so nobody can make us hand blocks to
   * validation unasked. `unasked`: we made no request recently, so the reply is the sender's
   * invention. `spent`: we did ask, but enough peers have answered already, which an honest
   * peer cannot know.
   */
  admitReply(): 'admitted' | 'unasked' | 'spent' {
    if (this.lastRequestMs === undefined) return 'unasked'
    if (this.deps.clock.now() - this.lastRequestMs > this.deps.replyWindowMs) return 'unasked'
    if (this.repliesLeft <= 0) return 'spent'
    this.repliesLeft--
    return 'admitted'
  }
}
