import {
  type Clock,
  type Logger,
  LogLimiter,
  type MessageTrace,
  type Notification,
  type NotificationSink,
  type P2PMetrics,
  toP2PError,
} from '@p2p/domain'
import type { BestBlockResponder } from '../best-block/best-block-responder.js'
import type { PeerStanding } from '../hardening/peer-standing.js'
import type { NodeStatusBook } from '../status/node-status-book.js'
import type { Effect } from './after-verdict.js'
import type { Handoff } from './handoff.js'

export interface EffectRunnerDeps {
  readonly handoff: Handoff
  readonly responder: BestBlockResponder
  readonly standing: PeerStanding
  readonly statuses: NodeStatusBook
  readonly sink: NotificationSink
  readonly metrics: P2PMetrics
  readonly logger: Logger
  readonly clock: Clock
  readonly trace: MessageTrace
}

/**
 * Does what a verdict set in motion. Hand-offs and answers go to their bounded queues (which
 * count what they drop), penalties to the peer's standing (which survives a broken port), and
 * notifications to the sink, which must not throw: if one does, the notification is lost to
 * the websocket but counted, and said at error at most every 10 s.
 */
export function effectRunner(deps: EffectRunnerDeps): (effect: Effect) => void {
  const sinkErrors = new LogLimiter({ clock: deps.clock }, { intervalMs: 10_000 })
  return (effect) => {
    switch (effect.type) {
      case 'handOff':
        deps.handoff.push(effect.kind, effect.announcement)
        return
      case 'answerBestBlock':
        deps.responder.request(effect.peer)
        return
      case 'penalize':
        deps.standing.penalize(effect.peer, effect.offence, effect.detail)
        return
      case 'nodeStatus':
        deps.statuses.record(effect.status)
        // Recorded first: a client connecting meanwhile is shown it from the book, not missed.
        notify({ type: 'node_status', timestampMs: deps.clock.now(), status: effect.status })
        return
      case 'notify': {
        const { notification } = effect
        notify(notification)
        if ('hash' in notification && deps.trace.sampled(notification.hash))
          deps.trace.mark(notification.hash, 'notified', deps.trace.stamp())
        return
      }
    }
  }

  function notify(notification: Notification): void {
    try {
      deps.sink.notify(notification)
      deps.metrics.notified(notification.type)
    } catch (error) {
      const held = sinkErrors.admit()
      const context = { type: notification.type, reason: toP2PError(error).message }
      if (held === undefined) deps.logger.debug('notification sink threw', context)
      else deps.logger.error('notification sink threw', { ...context, alsoFailed: held })
    }
  }
}
