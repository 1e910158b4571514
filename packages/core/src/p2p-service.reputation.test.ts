import type { GossipVerdict, Offence, TopicKind } from '@p2p/domain'
import { MemoryNetworkHub } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { bytes, payloads } from '../test/inject.js'
import { ROGUE, type TestNode } from '../test/test-node.js'
import { useTestNodes } from '../test/test-nodes.js'

const OTHER = MemoryNetworkHub.peerIdFor(0x07e5)

/** The core tells PeerReputation what a peer did wrong, never about ourselves or our own trouble. */
describe('P2PService reports offences to PeerReputation', () => {
  const { lonely: lonelyNode } = useTestNodes()

  const offences = (node: TestNode) => node.reputation.penaltiesOf(ROGUE).map((p) => p.offence)

  interface Case {
    readonly name: string
    readonly kind: TopicKind
    readonly data: () => Uint8Array
    readonly verdict: GossipVerdict
    readonly offences: readonly Offence[]
  }
  const cases: readonly Case[] = [
    {
      name: 'a malformed block',
      kind: 'block',
      data: () => bytes('{"Hash":'),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a malformed subtree',
      kind: 'subtree',
      data: () => bytes('[]'),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a mining-on with a bad hash',
      kind: 'miningOn',
      data: () => bytes('{"Hash":"xyz"}'),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a spoofed author',
      kind: 'block',
      data: () => payloads.block({}, OTHER),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a malformed best-block request',
      kind: 'bestBlock',
      data: () => bytes('{"PeerId":5}'),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a malformed rejected-tx notice',
      kind: 'rejectedTx',
      data: () => bytes('{"TxId":"no"}'),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a loopback data hub URL',
      kind: 'block',
      data: () => payloads.block({ dataHubUrl: 'http://127.1:8090/' }),
      verdict: 'reject',
      offences: ['protocol_violation'],
    },
    {
      name: 'a block without a data hub URL',
      kind: 'block',
      data: () => payloads.block({ dataHubUrl: '' }),
      verdict: 'ignore',
      offences: [],
    },
    { name: 'a valid block', kind: 'block', data: () => payloads.block(), verdict: 'accept', offences: [] },
  ]

  it.each(cases)(
    '$name on $kind: $verdict, offences $offences',
    async ({ kind, data, verdict, offences: expected }) => {
      const { node, gossip } = await lonelyNode()
      expect(await gossip(kind, data())).toBe(verdict)
      expect(offences(node)).toEqual(expected)
      for (const penalty of node.reputation.penalties)
        expect(penalty.detail).toMatch(new RegExp(`^${kind}: `))
    },
  )

  it('takes nothing on the direct stream but a reply it asked for, and reports the rest', async () => {
    const { node, direct } = await lonelyNode()
    await direct(bytes('garbage'))
    await direct(payloads.reply({ dataHubUrl: 'http://[::ffff:10.0.0.1]/' }))
    await direct(replyNaming(OTHER))
    expect(offences(node)).toEqual(['protocol_violation', 'protocol_violation', 'protocol_violation'])
    expect(node.metrics.callsOf('inputRejected', { source: 'direct' }).map((c) => c.code)).toEqual([
      'invalid_json',
      'forbidden_url',
      'peer_id_mismatch',
    ])

    // No URL: Go's zero value, refused as on gossip, but no offence.
    await direct(payloads.reply({ dataHubUrl: '' }))
    expect(offences(node)).toHaveLength(3)

    // Too late: nobody asked any more.
    node.clock.advance(60_001)
    await direct(payloads.reply())
    expect(offences(node)).toHaveLength(4)
    expect(node.validator.calls).toHaveLength(0)
  })

  it('does not hold it against a peer that answered after enough others had', async () => {
    const { node, direct } = await lonelyNode({ bestBlockMaxReplies: 1 })
    const reply = payloads.reply()
    await direct(reply)
    await direct(payloads.reply(), OTHER)
    expect(node.metrics.count('inputRejected', { source: 'direct', code: 'unsolicited_reply' })).toBe(1)
    expect(node.reputation.penalties).toEqual([])
  })

  it('ignores a banned author without judging its gossip, and counts it', async () => {
    const { node, gossip, direct } = await lonelyNode()
    node.reputation.ban(ROGUE)
    expect(await gossip('block', bytes('not even JSON'))).toBe('ignore')
    expect(await gossip('block', payloads.block())).toBe('ignore')
    await direct(payloads.reply())
    expect(node.metrics.callsOf('inputRejected').map((c) => c.code)).toEqual(['banned', 'banned', 'banned'])
    expect(node.reputation.penalties).toEqual([])
    expect(node.validator.calls).toHaveLength(0)
    expect(node.sink.notifications).toEqual([])
  })

  it('bans through PeerReputation once the offences add up, and ignores the peer from then on', async () => {
    const { node, gossip } = await lonelyNode()
    for (let i = 0; i < 5; i++) expect(await gossip('block', payloads.block({}, node.peerId))).toBe('reject')
    expect(node.reputation.isBanned(ROGUE)).toBe(true)
    expect(await gossip('block', payloads.block())).toBe('ignore')
    expect(node.validator.calls).toHaveLength(0)
  })

  it('never penalizes or bans ourselves, whatever our own echo looks like', async () => {
    const { node, gossip, direct } = await lonelyNode()
    node.reputation.ban(node.peerId)
    expect(await gossip('block', bytes('{"Hash":'), node.peerId)).toBe('reject')
    await direct(bytes('garbage'), node.peerId)
    expect(await gossip('subtree', payloads.subtree({}, node.peerId), node.peerId)).toBe('accept')
    expect(node.reputation.penaltiesOf(node.peerId)).toEqual([])
  })
})

/** A best-block reply that names a peer other than whoever sends it. */
function replyNaming(peerId: string): Uint8Array {
  const text = new TextDecoder().decode(payloads.reply()).replace('"PeerId":""', `"PeerId":"${peerId}"`)
  return bytes(text)
}
