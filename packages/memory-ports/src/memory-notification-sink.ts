import {
  encodeNotification,
  type Notification,
  type NotificationSink,
  type NotificationType,
} from '@p2p/domain'
import { BoundedLog, wholeNumberOption } from './bounded-log.js'

export interface EncodeFailure {
  readonly notification: Notification
  readonly error: unknown
}

export interface MemoryNotificationSinkOptions {
  /**
   * Notifications kept (and as many frames and encode failures), the oldest forgotten first.
   * Every notification is still encoded and counted (`count`): a long run bounds what it keeps,
   * not what it proves. A whole number from 1; default: every one.
   */
  readonly notificationLimit?: number
}

/**
 * Records every notification, and encodes each as a websocket client would receive it, so a
 * test also proves what it sent is encodable. Like any sink, `notify` never throws: a
 * notification that fails to encode lands in `encodeFailures`.
 */
export class MemoryNotificationSink implements NotificationSink {
  private readonly received: BoundedLog<Notification>
  private readonly encoded: BoundedLog<string>
  private readonly failures: BoundedLog<EncodeFailure>
  private total = 0

  constructor(options: MemoryNotificationSinkOptions = {}) {
    const limit = wholeNumberOption(
      'notificationLimit',
      options.notificationLimit ?? Number.POSITIVE_INFINITY,
      1,
      Number.POSITIVE_INFINITY,
    )
    this.received = new BoundedLog(limit)
    this.encoded = new BoundedLog(limit)
    this.failures = new BoundedLog(limit)
  }

  notify(notification: Notification): void {
    this.total++
    this.received.push(notification)
    try {
      this.encoded.push(encodeNotification(notification))
    } catch (error) {
      this.failures.push({ notification, error })
    }
  }

  /** Notifications received since construction or `clear`, the forgotten ones included. */
  get count(): number {
    return this.total
  }

  /** The kept notifications, in order. */
  get notifications(): readonly Notification[] {
    return this.received.items
  }

  /** The JSON text frames of the kept notifications that encoded, in order. */
  get texts(): readonly string[] {
    return this.encoded.items
  }

  get encodeFailures(): readonly EncodeFailure[] {
    return this.failures.items
  }

  ofType<T extends NotificationType>(type: T): Array<Extract<Notification, { readonly type: T }>> {
    return this.notifications.filter((n): n is Extract<Notification, { readonly type: T }> => n.type === type)
  }

  clear(): void {
    this.total = 0
    this.received.clear()
    this.encoded.clear()
    this.failures.clear()
  }
}
