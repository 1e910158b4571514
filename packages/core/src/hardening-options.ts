import { z } from 'zod'

// Why these numbers. A spec-era node sends a block every ~10 minutes, one mining-on per block,
// and subtrees as fast as its block assembly cuts them: at 1M tx/s with 1,024-transaction
// subtrees that is about 1,000 a second from one honest author. Limits are per author and per
// topic, well above what an honest node sends, so only a flood trips them; the burst absorbs
// catch-up and re-announcement spikes. Received rejected transactions are allowed twice what we
// publish ourselves, so a node on our defaults that is flooded by its validator is never taken
// for a spammer by one on our defaults. Operators set the gossip limits with `p2p_gossip_rate_*`.

const rate = (perSecond: number, burst: number) => ({
  perSecond: z.number().positive().max(1_000_000).default(perSecond),
  burst: z.number().int().min(1).max(1_000_000).default(burst),
})

/** A per-peer limit; `spamAfter` excess messages without a pause are reported as `spam`. */
const peerRate = (perSecond: number, burst: number, spamAfter: number) =>
  z
    .strictObject({ ...rate(perSecond, burst), spamAfter: z.number().int().min(1).default(spamAfter) })
    .prefault({})

export const hardeningOptionsShape = {
  /** Gossip accepted per author and topic; excess is IGNOREd and counted, and in the end reported. */
  gossipRateLimits: z
    .strictObject({
      bestBlock: peerRate(2, 4, 4),
      block: peerRate(20, 40, 40),
      subtree: peerRate(2_000, 4_000, 4_000),
      miningOn: peerRate(20, 40, 40),
      rejectedTx: peerRate(200, 400, 400),
      // A node says how it is every 10 s and on each new best block; a chain racing through
      // blocks (regtest, catch-up) may say it more often than that for a while.
      nodeStatus: peerRate(5, 10, 10),
    })
    .prefault({}),
  /**
   * While the node is overloaded (its LoadGauge says so), the gossip it can afford to lose is
   * accepted per author only up to these rates, and the rest is IGNOREd and counted as
   * `overloaded`, never held against the sender. Subtrees are recoverable (block validation
   * fetches a block's missing subtrees when the block comes), rejected transactions are
   * informational; blocks, mining-on and best-block traffic are never shed. Per author, so the
   * peer sending the most is the one cut back, and a quiet honest peer is not. An honest node
   * at a million transactions a second announces about a thousand subtrees a second: that much
   * from one author is never shed (at 100/s, a node merely short of CPU cut an honest announcer
   * to a tenth, and its own deliveries with it).
   */
  overloadRateLimits: z
    .strictObject({
      subtree: z.strictObject(rate(1_000, 2_000)).prefault({}),
      rejectedTx: z.strictObject(rate(20, 40)).prefault({}),
    })
    .prefault({}),
  /**
   * Best-block requests answered per peer. An honest node asks at start, when its first topic
   * peer joins, then at most every `bestBlockRequestIntervalMs` (30 s): 1 per 10 s, burst 2.
   * Each answer costs a header look-up and a stream, so ten unanswered asks in a row are spam.
   */
  bestBlockRequestRate: peerRate(0.1, 2, 10),
  /** Our own rejected-tx announcements: a flood from our validator must not make us an amplifier. */
  rejectedTxPublishRate: z.strictObject(rate(100, 200)).prefault({}),
  /** Peers tracked per rate limit; the least recently heard is forgotten first. */
  rateLimitMaxPeers: z.number().int().min(1).max(1_000_000).default(10_000),
  /** How long an announced hash suppresses its replays (10 min: longer than gossip's own dedupe). */
  seenTtlMs: z.number().int().min(0).default(600_000),
  /** Hashes remembered per topic kind; past this the oldest is forgotten. */
  seenMaxEntries: z.number().int().min(1).max(10_000_000).default(50_000),
  /**
   * Announcements of one hash by one peer within the replay window that are still honest; past
   * it the peer is scored as spam (the reference: more than 50).
   */
  seenRepeatLimit: z.number().int().min(1).max(1_000_000).default(50),
  /**
   * Distinct announcers kept per hash, tried in turn when a hand-off fails: at most this many
   * hand-offs per hash within the window (the reference acts on at most 3 announcers).
   */
  seenMaxAnnouncers: z.number().int().min(1).max(64).default(3),
  /** Accept data hub URLs on loopback/private/link-local/CGNAT addresses (a private test network only). */
  allowPrivateDataHubUrls: z.boolean().default(false),
} as const
