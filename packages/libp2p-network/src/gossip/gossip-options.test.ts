import { validatePeerScoreParams, validatePeerScoreThresholds } from '@libp2p/gossipsub/score'
import { describe, expect, it } from 'vitest'
import { parseNetworkConfig } from '../config/network-config.js'
import {
  decayOver,
  GOSSIP_PX_PEERS,
  GOSSIP_SCORE_THRESHOLDS,
  GOSSIP_TOPIC_SCORE,
  gossipOptions,
  gossipScoreParams,
  gossipScoreThresholds,
} from './gossip-options.js'

const config = parseNetworkConfig({ listen: { ip: '127.0.0.1', port: 0 } })
const privateConfig = parseNetworkConfig({
  listen: { ip: '127.0.0.1', port: 0 },
  privateNetwork: { sharedKey: '5a'.repeat(32) },
})
const topics = Object.values(config.topicNames)
const t = GOSSIP_TOPIC_SCORE

/** The most a topic adds for an honest peer: P1 and P2 at their caps. */
const bestTopicScore =
  t.timeInMeshCap * t.timeInMeshWeight + t.firstMessageDeliveriesCap * t.firstMessageDeliveriesWeight

/** computeScore's arithmetic for n invalid messages on one topic, other topics at their best. */
function scoreAfter(invalid: number, established: boolean): number {
  const others = established ? (topics.length - 1) * bestTopicScore : 0
  const own = (established ? bestTopicScore : 0) + invalid * invalid * t.invalidMessageDeliveriesWeight
  return Math.min(own + others, gossipScoreParams(topics).topicScoreCap)
}

describe('gossipsub peer scoring', () => {
  it('passes the library validation', () => {
    expect(() => validatePeerScoreParams(gossipScoreParams(topics))).not.toThrow()
    expect(() => validatePeerScoreThresholds(gossipScoreThresholds(true))).not.toThrow()
    expect(() => validatePeerScoreThresholds(gossipScoreThresholds(false))).not.toThrow()
  })

  it('scores our five topics, and only them', () => {
    const options = gossipOptions(config)
    expect(Object.keys(options.scoreParams?.topics ?? {}).sort()).toEqual([...topics].sort())
    expect(options.maxOutboundBufferSize).toBe(8 * 1024 * 1024)
  })

  it('takes the outbound bound from the config (tests lower it to stall a peer cheaply)', () => {
    const lowered = parseNetworkConfig({
      listen: { ip: '127.0.0.1', port: 0 },
      gossipOutboundBufferBytes: 4096,
    })
    expect(gossipOptions(lowered).maxOutboundBufferSize).toBe(4096)
  })

  it('keeps mesh delivery penalties and IP colocation off, behaviour penalties on', () => {
    const params = gossipScoreParams(topics)
    expect(t.meshMessageDeliveriesWeight).toBe(0)
    expect(t.meshFailurePenaltyWeight).toBe(0)
    expect(params.IPColocationFactorWeight).toBe(0)
    expect(params.behaviourPenaltyWeight).toBeLessThan(0)
  })

  it('takes offenders out of the mesh after a few invalid messages, and graylists only after the ban score could act', () => {
    const { gossipThreshold, graylistThreshold, publishThreshold } = GOSSIP_SCORE_THRESHOLDS
    expect(scoreAfter(1, false)).toBeLessThan(0)
    expect(scoreAfter(3, true)).toBeGreaterThan(0)
    expect(scoreAfter(4, true)).toBeLessThan(0)
    expect(scoreAfter(4, false)).toBeLessThan(gossipThreshold)
    expect(scoreAfter(8, true)).toBeLessThan(publishThreshold)
    // The core bans after ten invalid messages (10 × +10); until then, and a little beyond, it
    // must still see them.
    expect(scoreAfter(12, false)).toBeGreaterThanOrEqual(graylistThreshold)
    expect(scoreAfter(13, true)).toBeLessThan(graylistThreshold)
  })

  it('decays a counter to zero over the given time', () => {
    const perSecond = decayOver(600_000)
    expect(perSecond ** 600).toBeCloseTo(0.01, 10)
    expect(GOSSIP_TOPIC_SCORE.invalidMessageDeliveriesDecay).toBe(perSecond)
  })

  it('exchanges peers on prune inside a private network, with any peer not below zero', () => {
    const options = gossipOptions(privateConfig)
    const acceptPX = options.scoreThresholds?.acceptPXThreshold ?? Number.NaN
    expect(options.doPX).toBe(true)
    expect(options.prunePeers).toBe(GOSSIP_PX_PEERS)
    // A peer with no history (the bootstrap node at startup) is heard ...
    expect(scoreAfter(0, false)).toBeGreaterThanOrEqual(acceptPX)
    // ... one invalid message is enough not to be, and good history does not buy four.
    expect(scoreAfter(1, false)).toBeLessThan(acceptPX)
    expect(scoreAfter(4, true)).toBeLessThan(acceptPX)
  })

  it('neither sends nor trusts peer lists in a public network', () => {
    const options = gossipOptions(config)
    const params = gossipScoreParams(topics)
    expect(options.doPX).toBe(false)
    // Above the best score a peer can have: the topic cap, with the application score off.
    expect(params.appSpecificWeight).toBe(0)
    expect(options.scoreThresholds?.acceptPXThreshold).toBeGreaterThan(params.topicScoreCap)
  })
})
