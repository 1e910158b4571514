import { describe, expect, it } from 'vitest'
import { p2pServiceOptionsSchema } from './options.js'

const parse = (extra: Record<string, unknown> = {}) =>
  p2pServiceOptionsSchema.safeParse({ dataHubUrl: 'http://self.example/api', ...extra })

describe('hardening options', () => {
  it('default to the documented limits', () => {
    const options = parse()
    expect(options.success).toBe(true)
    expect(options.data).toMatchObject({
      gossipRateLimits: {
        bestBlock: { perSecond: 2, burst: 4, spamAfter: 4 },
        block: { perSecond: 20, burst: 40, spamAfter: 40 },
        subtree: { perSecond: 2_000, burst: 4_000, spamAfter: 4_000 },
        miningOn: { perSecond: 20, burst: 40, spamAfter: 40 },
        rejectedTx: { perSecond: 200, burst: 400, spamAfter: 400 },
      },
      bestBlockRequestRate: { perSecond: 0.1, burst: 2, spamAfter: 10 },
      rejectedTxPublishRate: { perSecond: 100, burst: 200 },
      rateLimitMaxPeers: 10_000,
      seenTtlMs: 600_000,
      seenMaxEntries: 50_000,
      seenMaxAnnouncers: 3,
      allowPrivateDataHubUrls: false,
    })
  })

  it('take one field of one limit and keep the defaults around it', () => {
    const options = parse({ gossipRateLimits: { subtree: { perSecond: 500 } } })
    expect(options.data?.gossipRateLimits.subtree).toEqual({ perSecond: 500, burst: 4_000, spamAfter: 4_000 })
    expect(options.data?.gossipRateLimits.block).toEqual({ perSecond: 20, burst: 40, spamAfter: 40 })
  })

  it.each([
    { gossipRateLimits: { block: { perSecond: 0 } } },
    { gossipRateLimits: { block: { burst: 0.5 } } },
    { gossipRateLimits: { ping: { perSecond: 1 } } },
    { bestBlockRequestRate: { spamAfter: 0 } },
    { rejectedTxPublishRate: { perSecond: -1 } },
    { rejectedTxPublishRate: { spamAfter: 3 } },
    { seenMaxEntries: 0 },
    { seenMaxAnnouncers: 0 },
    { seenTtlMs: -1 },
    { rateLimitMaxPeers: 0 },
    { allowPrivateDataHubUrls: 'yes' },
  ])('refuse %j', (extra) => {
    expect(parse(extra).success).toBe(false)
  })
})
