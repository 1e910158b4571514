import { NOTIFICATION_TYPES, type Notification, type NotificationSink, UINT64_MAX } from '@p2p/domain'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../assert/wait-for.js'
import { aMiningOnNotification, aNotification } from '../mothers/notification-mothers.js'
import { type Cleanup, useHarness } from './use-harness.js'

/** A NotificationSink under test and a client of it (for a websocket sink, a connected client). */
export interface NotificationSinkHarness extends Cleanup {
  readonly sink: NotificationSink
  /** What the client has received so far, decoded, in order. */
  received(): Promise<readonly Notification[]>
}

export function describeNotificationSinkCompliance(
  name: string,
  setup: () => Promise<NotificationSinkHarness>,
): void {
  describe(`${name} (NotificationSink compliance)`, () => {
    const harness = useHarness(setup)
    const receivedAll = async (
      h: NotificationSinkHarness,
      count: number,
    ): Promise<readonly Notification[]> => {
      await waitFor(async () => (await h.received()).length >= count, {
        what: `${count} notifications received`,
      })
      return h.received()
    }

    it('takes every notification type without throwing and delivers them in order', async () => {
      const h = harness()
      const sent = NOTIFICATION_TYPES.map((type) => aNotification(type))
      for (const notification of sent) expect(h.sink.notify(notification)).toBeUndefined()
      expect(await receivedAll(h, sent.length)).toEqual(sent)
    })

    it('keeps uint64 values past 2^53 exact', async () => {
      const h = harness()
      const sent = aMiningOnNotification({ sizeInBytes: UINT64_MAX, txCount: 2n ** 53n + 1n })
      h.sink.notify(sent)
      expect(await receivedAll(h, 1)).toEqual([sent])
    })

    it('keeps the order of a burst', async () => {
      const h = harness()
      const sent = Array.from({ length: 50 }, () => aNotification())
      for (const notification of sent) h.sink.notify(notification)
      expect(await receivedAll(h, sent.length)).toEqual(sent)
    })
  })
}
