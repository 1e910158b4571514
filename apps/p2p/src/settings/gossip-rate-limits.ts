import type { Settings } from './settings-schema.js'

/**
 * One number per topic for operators; the burst is twice the rate (a second or two of catch-up)
 * and a flood is only reported once a whole burst's worth of excess came without a pause.
 */
export function gossipRateLimitsOf(settings: Settings) {
  const limit = (perSecond: number) => ({ perSecond, burst: 2 * perSecond, spamAfter: 2 * perSecond })
  return {
    bestBlock: limit(settings.p2p_gossip_rate_bestblock),
    block: limit(settings.p2p_gossip_rate_block),
    subtree: limit(settings.p2p_gossip_rate_subtree),
    miningOn: limit(settings.p2p_gossip_rate_mining_on),
    rejectedTx: limit(settings.p2p_gossip_rate_rejected_tx),
    nodeStatus: limit(settings.p2p_gossip_rate_node_status),
  }
}
