import { generateKeyPair } from '@libp2p/crypto/keys'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { buildTopicNames, type GossipVerdict, type PeerNetworkListener } from '@p2p/domain'
import { MemoryLogger } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { GossipBridge } from './gossip-bridge.js'

const topics = buildTopicNames().byKind
const newPeer = async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))

type Validator = (relay: PeerId, message: Message) => TopicValidatorResult | Promise<TopicValidatorResult>

/** Just the gossipsub surface the bridge touches, to call its topic validator by hand. */
function fakePubsub() {
  const topicValidators = new Map<string, Validator>()
  const pubsub = {
    topicValidators,
    subscribe: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    connect: async () => {},
  }
  return { pubsub: pubsub as unknown as GossipSub, validator: (topic: string) => topicValidators.get(topic) }
}

async function bridgeJudging(verdict: GossipVerdict, rejectBlames: 'author' | 'relay' = 'author') {
  const { pubsub, validator } = fakePubsub()
  const judged: string[] = []
  /** How many messages had been judged at each afterVerdicts call. */
  const settled: number[] = []
  const listener: PeerNetworkListener = {
    gossip: ({ from }) => {
      judged.push(from)
      return verdict
    },
    afterVerdicts: () => {
      settled.push(judged.length)
    },
    direct: () => {},
    topicPeerJoined: () => {},
  }
  const bridge = new GossipBridge(
    { pubsub, listener, self: await newPeer(), logger: new MemoryLogger() },
    { topicNames: topics, rejectBlames },
  )
  bridge.start()
  const judge = (relay: PeerId, author: PeerId) =>
    (validator(topics.block as string) as Validator)(relay, {
      type: 'signed',
      from: author,
      topic: topics.block,
      data: new Uint8Array([1]),
      sequenceNumber: 1n,
      signature: new Uint8Array(64),
      key: author.publicKey,
    } as unknown as Message)
  return { judge, judged, settled, bridge }
}

describe('GossipBridge verdicts', () => {
  it('REJECTs a bad message its author sent us, and IGNOREs the same message from a relay', async () => {
    const [author, relay] = [await newPeer(), await newPeer()]
    const { judge, judged } = await bridgeJudging('reject')
    expect(judge(author, author)).toBe(TopicValidatorResult.Reject)
    expect(judge(relay, author)).toBe(TopicValidatorResult.Ignore)
    // The core judged both, and charged the author each time.
    expect(judged).toEqual([author.toString(), author.toString()])
  })

  it("blames the relay as gossipsub does when every peer validates before relaying ('relay')", async () => {
    const [author, relay] = [await newPeer(), await newPeer()]
    const { judge } = await bridgeJudging('reject', 'relay')
    expect(judge(relay, author)).toBe(TopicValidatorResult.Reject)
  })

  it('passes ACCEPT and IGNORE through whoever relayed them', async () => {
    const [author, relay] = [await newPeer(), await newPeer()]
    expect((await bridgeJudging('accept')).judge(relay, author)).toBe(TopicValidatorResult.Accept)
    expect((await bridgeJudging('ignore')).judge(author, author)).toBe(TopicValidatorResult.Ignore)
  })
})

describe('GossipBridge pacing', () => {
  it('answers at once, until validations have run back to back for 10 ms: then after one turn of the event loop', async () => {
    const [author, relay] = [await newPeer(), await newPeer()]
    const { judge } = await bridgeJudging('accept')
    const started = performance.now()
    let result = judge(relay, author)
    expect(result).toBe(TopicValidatorResult.Accept)
    while (!(result instanceof Promise) && performance.now() - started < 5_000) result = judge(relay, author)
    expect(result).toBeInstanceOf(Promise)
    expect(performance.now() - started).toBeGreaterThanOrEqual(10)
    expect(await result).toBe(TopicValidatorResult.Accept)
    // The loop had its turn: a new run starts, answered at once again.
    expect(judge(relay, author)).toBe(TopicValidatorResult.Accept)
  })
})

describe('GossipBridge side effects', () => {
  it('lets the listener act on a turn’s verdicts once, on the next turn of the event loop', async () => {
    const [author, relay] = [await newPeer(), await newPeer()]
    const { judge, settled } = await bridgeJudging('accept')
    judge(relay, author)
    judge(relay, author)
    judge(relay, author)
    expect(settled).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toEqual([3])
  })

  it('does not leave a scheduled call behind when stopped: it makes it at once', async () => {
    const [author, relay] = [await newPeer(), await newPeer()]
    const { judge, settled, bridge } = await bridgeJudging('accept')
    judge(relay, author)
    bridge.stop()
    expect(settled).toEqual([1])
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toEqual([1])
  })
})
