import {
  bestBlockMessageCodec,
  blockHeaderInfoSchema,
  blockMessageCodec,
  chainEventSchema,
  isHashHex,
  miningOnMessageCodec,
  rejectedTxMessageCodec,
  rejectedTxSchema,
  subtreeMessageCodec,
  type WireCodec,
} from '@p2p/domain'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbBlockHeaderInfo, arbChainEvent, arbRejectedTx } from './chain-arbitraries.js'
import { aBlockHeaderInfo, aChainEvent, aChainEventWithoutBaseUrl, aRejectedTx } from './chain-mothers.js'
import { arbPeerId } from './identity-arbitraries.js'
import { aHash, aPeerId, aRawKey } from './identity-mothers.js'
import {
  arbBestBlockMessage,
  arbBlockMessage,
  arbMiningOnMessage,
  arbRejectedTxMessage,
  arbSubtreeMessage,
} from './message-arbitraries.js'
import {
  aBestBlockMessage,
  aBlockMessage,
  aMiningOnMessage,
  aRejectedTxMessage,
  aSubtreeMessage,
} from './message-mothers.js'

const PEER_ID = /^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/

function roundTrips<T>(codec: WireCodec<T>, arb: fc.Arbitrary<T>): void {
  fc.assert(
    fc.property(arb, (message) => {
      expect(codec.decode(codec.encode(message))).toEqual({ ok: true, value: message })
    }),
  )
}

describe('mothers', () => {
  it('builds lower-case hashes and realistic peer ids and keys', () => {
    const hash = aHash()
    expect(isHashHex(hash) && hash === hash.toLowerCase()).toBe(true)
    expect(aHash()).not.toBe(aHash())
    expect(aPeerId()).toMatch(PEER_ID)
    fc.assert(
      fc.property(arbPeerId, (id) => {
        expect(id).toMatch(PEER_ID)
      }),
    )
    expect(aRawKey()).toHaveLength(64)
  })

  it('builds messages that encode and decode back unchanged, overrides applied', () => {
    const block = aBlockMessage({ height: 7 })
    expect(block.height).toBe(7)
    for (const [codec, message] of [
      [blockMessageCodec, block],
      [subtreeMessageCodec, aSubtreeMessage()],
      [miningOnMessageCodec, aMiningOnMessage()],
      [rejectedTxMessageCodec, aRejectedTxMessage()],
      [bestBlockMessageCodec, aBestBlockMessage()],
    ] as const) {
      const wire = codec as WireCodec<unknown>
      expect(wire.decode(wire.encode(message))).toEqual({ ok: true, value: message })
    }
  })

  it('refuses an override that breaks the schema', () => {
    expect(() => aBlockMessage({ dataHubUrl: 'ftp://nope' })).toThrow(/DataHubUrl/)
    expect(() => aBlockHeaderInfo({ height: -1 })).toThrow()
  })

  it('builds chain values the domain schemas accept', () => {
    expect(blockHeaderInfoSchema.safeParse(aBlockHeaderInfo()).success).toBe(true)
    expect(chainEventSchema.safeParse(aChainEvent({ kind: 'miningOn' })).success).toBe(true)
    expect(aChainEventWithoutBaseUrl()).not.toHaveProperty('baseUrl')
    expect(rejectedTxSchema.safeParse(aRejectedTx()).success).toBe(true)
  })

  it('generates messages that round-trip through their codecs', () => {
    roundTrips(blockMessageCodec, arbBlockMessage)
    roundTrips(subtreeMessageCodec, arbSubtreeMessage)
    roundTrips(miningOnMessageCodec, arbMiningOnMessage)
    roundTrips(rejectedTxMessageCodec, arbRejectedTxMessage)
    roundTrips(bestBlockMessageCodec, arbBestBlockMessage)
  })

  it('generates chain values the domain schemas accept', () => {
    fc.assert(
      fc.property(arbBlockHeaderInfo, arbChainEvent, arbRejectedTx, (header, event, rejected) => {
        expect(blockHeaderInfoSchema.safeParse(header).success).toBe(true)
        expect(chainEventSchema.safeParse(event).success).toBe(true)
        expect(rejectedTxSchema.safeParse(rejected).success).toBe(true)
      }),
    )
  })
})
