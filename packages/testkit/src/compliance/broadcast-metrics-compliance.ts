import {
  type BroadcastMetrics,
  CLIENT_CLOSE_REASONS,
  type ClientCloseReason,
  NOTIFICATION_TYPES,
  type NotificationType,
} from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { type Cleanup, useHarness } from './use-harness.js'

/** A BroadcastMetrics under test and a way to read its counters back. */
export interface BroadcastMetricsHarness extends Cleanup {
  readonly metrics: BroadcastMetrics
  /** Clients connected now (connected minus closed). */
  clients(): Promise<number>
  closedCount(reason: ClientCloseReason): Promise<number>
  broadcastCount(type: NotificationType): Promise<number>
  skippedCount(type: NotificationType): Promise<number>
}

/** Called by the websocket sink on every notification: cheap, every label accepted, never throws. */
export function describeBroadcastMetricsCompliance(
  name: string,
  setup: () => Promise<BroadcastMetricsHarness>,
): void {
  describe(`${name} (BroadcastMetrics compliance)`, () => {
    const harness = useHarness(setup)

    it('accepts every label value and odd numbers without throwing', () => {
      const { metrics } = harness()
      expect(() => {
        for (const reason of CLIENT_CLOSE_REASONS) {
          metrics.clientConnected()
          metrics.clientClosed(reason)
        }
        for (const type of NOTIFICATION_TYPES) {
          metrics.notificationBroadcast(type, 300, 5, 0.001)
          metrics.notificationBroadcast(type, Number.NaN, 0, -1)
          metrics.notificationsSkipped(type, 2)
        }
      }).not.toThrow()
    })

    it('tracks the clients connected now, and counts closes, broadcasts and skipped copies', async () => {
      const h = harness()
      h.metrics.clientConnected()
      h.metrics.clientConnected()
      h.metrics.clientConnected()
      h.metrics.clientClosed('slow')
      h.metrics.notificationBroadcast('block', 250, 2, 0.002)
      h.metrics.notificationBroadcast('block', 250, 2, 0.002)
      h.metrics.notificationsSkipped('subtree', 3)
      expect(await h.clients()).toBe(2)
      expect(await h.closedCount('slow')).toBe(1)
      expect(await h.closedCount('closed')).toBe(0)
      expect(await h.broadcastCount('block')).toBe(2)
      expect(await h.broadcastCount('PING')).toBe(0)
      expect(await h.skippedCount('subtree')).toBe(3)
    })
  })
}
