import { decodeNotification, type Notification } from '@p2p/domain'
import { MemoryNotificationSink } from '@p2p/memory-ports'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeNotificationSinkCompliance } from '../compliance/notification-sink-compliance.js'
import { arbNotification } from '../mothers/notification-arbitraries.js'
import { aBlockNotification, aPingNotification } from '../mothers/notification-mothers.js'

describeNotificationSinkCompliance('MemoryNotificationSink', async () => {
  const sink = new MemoryNotificationSink()
  return { sink, received: async () => sink.notifications, cleanup: async () => {} }
})

// The same suite, reading what a websocket client would: proves the recorded text decodes back to what was sent.
describeNotificationSinkCompliance('MemoryNotificationSink (encoded frames)', async () => {
  const sink = new MemoryNotificationSink()
  const decoded = (text: string): Notification => {
    const result = decodeNotification(text)
    if (!result.ok) throw result.error
    return result.value
  }
  return { sink, received: async () => sink.texts.map(decoded), cleanup: async () => {} }
})

// Bounded well above what the suite sends at once: the bound must not change what a client sees.
describeNotificationSinkCompliance('MemoryNotificationSink (bounded)', async () => {
  const sink = new MemoryNotificationSink({ notificationLimit: 64 })
  return { sink, received: async () => sink.notifications, cleanup: async () => {} }
})

describe('MemoryNotificationSink', () => {
  it('filters by type and clears', () => {
    const sink = new MemoryNotificationSink()
    const block = aBlockNotification()
    sink.notify(aPingNotification())
    sink.notify(block)
    expect(sink.ofType('block')).toEqual([block])
    expect(sink.ofType('PING')).toHaveLength(1)
    expect(sink.texts).toHaveLength(2)
    sink.clear()
    expect(sink.notifications).toHaveLength(0)
    expect(sink.texts).toHaveLength(0)
  })

  it('records a notification that cannot be encoded instead of throwing', () => {
    const sink = new MemoryNotificationSink()
    const broken = aBlockNotification({ height: Number.NaN })
    expect(() => sink.notify(broken)).not.toThrow()
    expect(sink.notifications).toEqual([broken])
    expect(sink.encodeFailures.map((f) => f.notification)).toEqual([broken])
    expect(sink.texts).toHaveLength(0)
  })

  it('encodes any valid notification into a frame that decodes back to it', () => {
    fc.assert(
      fc.property(arbNotification, (notification) => {
        const sink = new MemoryNotificationSink()
        sink.notify(notification)
        expect(sink.encodeFailures).toHaveLength(0)
        expect(decodeNotification(sink.texts[0] ?? '')).toEqual({ ok: true, value: notification })
      }),
    )
  })

  it('keeps the newest notificationLimit notifications and frames, and counts every one', () => {
    const sink = new MemoryNotificationSink({ notificationLimit: 2 })
    const sent = Array.from({ length: 5 }, (_, height) => aBlockNotification({ height }))
    for (const notification of sent) sink.notify(notification)
    expect(sink.notifications).toEqual(sent.slice(-2))
    expect(sink.texts.map((text) => decodeNotification(text))).toEqual(
      sent.slice(-2).map((value) => ({ ok: true, value })),
    )
    expect(sink.count).toBe(5)
    sink.notify(aBlockNotification({ height: Number.NaN }))
    expect(sink.encodeFailures).toHaveLength(1)
    expect(sink.count).toBe(6)
    sink.clear()
    expect(sink.count).toBe(0)
  })

  it('refuses a notificationLimit below 1 or not whole', () => {
    for (const notificationLimit of [0, 2.5]) {
      expect(() => new MemoryNotificationSink({ notificationLimit })).toThrow(
        expect.objectContaining({ code: 'invalid_config' }),
      )
    }
  })
})
