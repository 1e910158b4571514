import type { NotificationType } from '../notifications/notification.js'

/** Why a websocket client went away. */
export const CLIENT_CLOSE_REASONS = [
  'closed',
  'slow',
  'unresponsive',
  'bad_frame',
  'over_capacity',
  'origin_refused',
  'shutdown',
] as const
export type ClientCloseReason = (typeof CLIENT_CLOSE_REASONS)[number]

/**
 * What the websocket notification sink counts. Evictions (`slow`, `unresponsive`, `bad_frame`)
 * are the closes the sink decided on; `notificationsSkipped` counts copies not sent to a client
 * that was already being evicted.
 */
export interface BroadcastMetrics {
  clientConnected(): void
  clientClosed(reason: ClientCloseReason): void
  /** One notification serialised once and handed to `clients` clients. */
  notificationBroadcast(type: NotificationType, bytes: number, clients: number, seconds: number): void
  notificationsSkipped(type: NotificationType, count: number): void
}
