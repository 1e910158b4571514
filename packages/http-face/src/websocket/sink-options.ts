import { NOTIFICATION_TYPES, P2PError } from '@p2p/domain'
import { z } from 'zod'

export const notificationBroadcasterOptionsSchema = z.object({
  /** More clients than this are refused at the upgrade (HTTP 503). */
  maxClients: z.number().int().positive().default(1_000),
  /**
   * A client whose unsent data passes this is evicted: it cannot keep up, and waiting for it
   * would hold memory for everyone's notifications.
   */
  maxBufferedBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** The reference's PING notification cadence while clients are connected. */
  pingIntervalMs: z.number().int().positive().default(10_000),
  /** A client that does not answer a websocket ping within this is evicted as unresponsive. */
  heartbeatIntervalMs: z.number().int().positive().default(30_000),
  /** Largest frame a client may send (only a subscription filter is expected). */
  maxPayloadBytes: z
    .number()
    .int()
    .positive()
    .max(64 * 1024)
    .default(1024),
  /** Frames a client may send per heartbeat interval before it is closed. */
  maxClientFramesPerInterval: z.number().int().positive().default(20),
  /** When set, only these Origin header values may connect (browsers always send one). */
  allowedOrigins: z.array(z.string().min(1)).optional(),
})

export type NotificationBroadcasterOptionsInput = z.input<typeof notificationBroadcasterOptionsSchema>
export type NotificationBroadcasterOptions = z.output<typeof notificationBroadcasterOptionsSchema>

export function parseNotificationBroadcasterOptions(
  input: NotificationBroadcasterOptionsInput,
): NotificationBroadcasterOptions {
  const parsed = notificationBroadcasterOptionsSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  throw new P2PError('invalid_config', `invalid websocket settings: ${problems.join('; ')}`, {
    context: { problems },
  })
}

/** A client's choice of notification types: `?types=block,subtree` on the URL, or a `{"types": [...]}` frame. */
export const typeFilterSchema = z.array(z.enum(NOTIFICATION_TYPES)).max(NOTIFICATION_TYPES.length)

export const clientFrameSchema = z.strictObject({ types: typeFilterSchema })
