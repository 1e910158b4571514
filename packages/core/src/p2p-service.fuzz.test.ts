import { type GossipVerdict, isHttpUrl, TOPIC_KINDS, type TopicKind } from '@p2p/domain'
import {
  aBlockHeaderInfo,
  arbDataHubUrl,
  arbHash,
  arbHeight,
  arbUint64,
  MemoryNetworkHub,
  waitFor,
} from '@p2p/testkit'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CapturingNetwork } from '../test/capturing-network.js'
import { serviceOn } from '../test/service-on.js'
import { ROGUE } from '../test/test-node.js'

const encoder = new TextEncoder()
const unlimited = { perSecond: 1_000_000, burst: 1_000_000 }
const unlimitedGossip = () =>
  Object.fromEntries(TOPIC_KINDS.map((kind) => [kind, unlimited])) as Record<TopicKind, typeof unlimited>
const bytes = (text: string): Uint8Array => encoder.encode(text)
/** A JSON number given as its text, so values JSON.stringify cannot write (2^64, 1e3, -0) reach the decoder. */
class RawNumber {
  constructor(readonly text: string) {}
}

function toJsonText(entries: ReadonlyArray<readonly [string, unknown]>): string {
  const member = ([key, value]: readonly [string, unknown]) =>
    `${JSON.stringify(key)}:${value instanceof RawNumber ? value.text : JSON.stringify(value)}`
  return `{${entries.map(member).join(',')}}`
}

describe('P2PService judges arbitrary gossip safely (property)', () => {
  const SELF = MemoryNetworkHub.peerIdFor(0x5e1f)
  const OTHER = MemoryNetworkHub.peerIdFor(0x07e5)
  const RUNS = 2000

  const arbNearHash = fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEFg '),
    minLength: 62,
    maxLength: 66,
  })
  const arbBadUrl = fc.constantFrom(
    '',
    'ftp://rogue.example',
    ' http://rogue.example',
    'http://rogue.example/a b',
    'http:rogue.example',
    'javascript:alert(1)',
    'http://',
    '//rogue.example',
    'http://rogue.example/\u0000',
  )
  const arbRawNumber = fc.oneof(
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => new RawNumber(String(n))),
    fc
      .constantFrom('1.0', '1e3', '-0', '4294967296', '18446744073709551616', '00')
      .map((t) => new RawNumber(t)),
  )
  const arbJunk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), arbNearHash, arbBadUrl, arbRawNumber)
  // Mostly valid values, so that many payloads pass and the hand-off path is exercised too.
  const plausible = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: arbJunk, weight: 1 })
  const arbUint64Text = arbUint64.map((n) => new RawNumber(String(n)))

  const arbPlausiblePayload = fc
    .tuple(
      fc.record(
        {
          Hash: plausible(
            fc.oneof(
              arbHash,
              arbHash.map((h) => h.toUpperCase()),
            ),
          ),
          PreviousHash: plausible(arbHash),
          Height: plausible(arbHeight),
          DataHubUrl: plausible(arbDataHubUrl),
          PeerId: plausible(fc.constantFrom('', ROGUE, ROGUE, OTHER, SELF)),
          Miner: plausible(fc.string()),
          SizeInBytes: plausible(arbUint64Text),
          TxCount: plausible(arbUint64Text),
          TxId: plausible(arbHash),
          Reason: plausible(fc.string()),
        },
        { requiredKeys: [] },
      ),
      // Keys are matched case-insensitively, as Go does.
      fc.constantFrom('as is', 'lower', 'upper'),
    )
    .map(([fields, keyCase]) =>
      toJsonText(
        Object.entries(fields).map(([key, value]) => {
          const cased =
            keyCase === 'lower' ? key.toLowerCase() : keyCase === 'upper' ? key.toUpperCase() : key
          return [cased, value] as const
        }),
      ),
    )
  const arbJsonObjectText = fc.oneof(
    arbPlausiblePayload,
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })).map((object) => JSON.stringify(object)),
  )
  const arbBytes = fc.uint8Array({ maxLength: 512 })

  it('never throws, always gives a verdict, and hands only well-formed announcements to validation', async () => {
    // One sender, thousands of messages in one instant: rate limits and bans are other tests' business.
    const { network, chain, validator, metrics, service } = await serviceOn({
      network: new CapturingNetwork(SELF),
      reputation: undefined,
      options: { gossipRateLimits: unlimitedGossip() },
    })
    chain.setBestHeader(aBlockHeaderInfo())
    await service.start()
    const listener = network.listener
    if (listener === undefined) throw new Error('the service did not register its listener')

    // Calling the listener directly skips the hub's turn per message, so thousands of runs stay fast.
    const tally: Record<GossipVerdict, number> = { accept: 0, ignore: 0, reject: 0 }
    const judge = (kind: TopicKind, data: Uint8Array): boolean => {
      const verdict = listener.gossip({ kind, from: ROGUE, data })
      expect(['accept', 'ignore', 'reject']).toContain(verdict)
      tally[verdict]++
      return true
    }
    for (const kind of TOPIC_KINDS) {
      fc.assert(
        fc.property(arbBytes, (data) => judge(kind, data)),
        { numRuns: RUNS },
      )
      fc.assert(
        fc.property(arbJsonObjectText, (text) => judge(kind, bytes(text))),
        { numRuns: RUNS },
      )
    }
    fc.assert(
      fc.property(fc.oneof(arbBytes, arbJsonObjectText.map(bytes)), (data) => {
        listener.direct({ from: ROGUE, data })
        return true
      }),
      { numRuns: RUNS },
    )

    await waitFor(() => service.handoffBacklog.waiting === 0 && service.handoffBacklog.inFlight === 0, {
      what: 'every hand-off settled',
    })
    // Every judged message is counted once, with the verdict it got.
    const judged = TOPIC_KINDS.length * RUNS * 2
    expect(metrics.count('gossipVerdict')).toBe(judged)
    for (const verdict of ['accept', 'ignore', 'reject'] as const) {
      expect(metrics.count('gossipVerdict', { verdict })).toBe(tally[verdict])
    }
    // The generators reach both sides of the judgement, or the property would prove nothing.
    expect(tally.accept).toBeGreaterThan(0)
    expect(tally.reject).toBeGreaterThan(0)
    expect(validator.callsOf('block').length).toBeGreaterThan(0)
    expect(validator.callsOf('subtree').length).toBeGreaterThan(0)
    for (const { announcement } of validator.calls) {
      expect(announcement.hash).toMatch(/^[0-9a-f]{64}$/)
      expect(isHttpUrl(announcement.baseUrl)).toBe(true)
      expect(['http:', 'https:']).toContain(new URL(announcement.baseUrl).protocol)
      // Spoofed payloads never get through: whoever is named is whoever sent it.
      expect(announcement.peerId).toBe(ROGUE)
    }
    await service.stop()
  }, 20_000)
})
