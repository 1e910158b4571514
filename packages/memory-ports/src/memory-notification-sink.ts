import {
  encodeNotification,
  type Notification,
  type NotificationSink,
  type NotificationType,
} from '@p2p/domain'

export interface EncodeFailure {
  readonly notification: Notification
  readonly error: unknown
}

/**
 * Records every notification, and encodes each as a websocket client would receive it, so a
 * test also proves what it sent is encodable. Like any sink, `notify` never throws: a
 * notification that fails to encode lands in `encodeFailures`.
 */
export class MemoryNotificationSink implements NotificationSink {
  private readonly received: Notification[] = []
  private readonly encoded: string[] = []
  private readonly failures: EncodeFailure[] = []

  notify(notification: Notification): void {
    this.received.push(notification)
    try {
      this.encoded.push(encodeNotification(notification))
    } catch (error) {
      this.failures.push({ notification, error })
    }
  }

  get notifications(): readonly Notification[] {
    return this.received
  }

  /** The JSON text frames of the notifications that encoded, in order. */
  get texts(): readonly string[] {
    return this.encoded
  }

  get encodeFailures(): readonly EncodeFailure[] {
    return this.failures
  }

  ofType<T extends NotificationType>(type: T): Array<Extract<Notification, { readonly type: T }>> {
    return this.received.filter((n): n is Extract<Notification, { readonly type: T }> => n.type === type)
  }

  clear(): void {
    this.received.length = 0
    this.encoded.length = 0
    this.failures.length = 0
  }
}
