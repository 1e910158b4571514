import { describe, expect, it } from 'vitest'
import { SubscriptionActivity } from './subscription-activity.js'

describe('SubscriptionActivity', () => {
  it('reports counts only, no quiet time, before a stream is open', () => {
    expect(new SubscriptionActivity().snapshot(1_000)).toEqual({ failures: 0, reconnects: 0 })
  })

  it('counts quiet time from the opening, then from the last message', () => {
    const activity = new SubscriptionActivity()
    activity.opened(1_000)
    expect(activity.snapshot(131_000)).toEqual({ quietForMs: 130_000, failures: 0, reconnects: 0 })
    activity.message(5_000)
    expect(activity.snapshot(131_000)).toMatchObject({ quietForMs: 126_000, lastMessageMs: 5_000 })
  })

  it('has no quiet time once the stream failed, and a new stream is not made less quiet by an old message', () => {
    const activity = new SubscriptionActivity()
    activity.opened(1_000)
    activity.message(2_000)
    activity.failed()
    expect(activity.snapshot(3_000)).toEqual({ lastMessageMs: 2_000, failures: 1, reconnects: 0 })
    activity.reopened()
    activity.opened(10_000)
    expect(activity.snapshot(12_000)).toEqual({
      quietForMs: 2_000,
      lastMessageMs: 2_000,
      failures: 1,
      reconnects: 1,
    })
    activity.closed()
    expect(activity.snapshot(13_000).quietForMs).toBeUndefined()
  })

  it('never reports a negative quiet time when the clock steps back', () => {
    const activity = new SubscriptionActivity()
    activity.opened(10_000)
    expect(activity.snapshot(9_000).quietForMs).toBe(0)
  })
})
