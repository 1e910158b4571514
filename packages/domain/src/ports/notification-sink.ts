import type { Notification } from '../notifications/notification.js'

/**
 * Where notifications go (websocket clients). `notify` must not block or throw: a sink that
 * cannot keep up drops, counts and carries on.
 */
export interface NotificationSink {
  notify(notification: Notification): void
}
