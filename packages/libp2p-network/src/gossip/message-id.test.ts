import { generateKeyPair } from '@libp2p/crypto/keys'
import type { SignedMessage } from '@libp2p/gossipsub'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { fastMessageId, goMessageId, messageIdToString } from './message-id.js'

async function signedMessage(sequenceNumber: bigint): Promise<SignedMessage> {
  const key = await generateKeyPair('Ed25519')
  return {
    type: 'signed',
    from: peerIdFromPrivateKey(key),
    topic: 't',
    data: new Uint8Array([1, 2, 3]),
    sequenceNumber,
    signature: new Uint8Array(64),
    key: key.publicKey,
  }
}

describe('message ids', () => {
  it("are Go's default: the author's peer id bytes, then the sequence number's 8 bytes, big-endian", async () => {
    const message = await signedMessage(0x0102030405060708n)
    const from = message.from.toMultihash().bytes
    expect(goMessageId(message)).toEqual(Uint8Array.from([...from, 1, 2, 3, 4, 5, 6, 7, 8]))
    // An Ed25519 peer id is a 38-byte identity multihash: 46 bytes in all, as go-libp2p's.
    expect(goMessageId(message)).toHaveLength(46)
  })

  it('are the same read from the raw fields, before any signature check, whatever the data', async () => {
    const message = await signedMessage(42n)
    const seqno = new Uint8Array(8)
    new DataView(seqno.buffer).setBigUint64(0, 42n)
    const raw = { from: message.from.toMultihash().bytes, seqno, data: new Uint8Array([9]), topic: 't' }
    expect(fastMessageId(raw)).toBe(messageIdToString(goMessageId(message)))
    expect(fastMessageId({ ...raw, data: new Uint8Array([7, 7]) })).toBe(fastMessageId(raw))
    expect(fastMessageId({ ...raw, seqno: new Uint8Array(8) })).not.toBe(fastMessageId(raw))
  })

  it('become strings one-to-one, so two ids never share a key', () => {
    const ids = [
      new Uint8Array([0]),
      new Uint8Array([0, 0]),
      new Uint8Array([255]),
      new Uint8Array([0xc3, 0xbf]),
    ]
    const strings = ids.map(messageIdToString)
    expect(new Set(strings).size).toBe(ids.length)
    for (const [i, text] of strings.entries())
      expect(Buffer.from(text, 'latin1')).toEqual(Buffer.from(ids[i] as Uint8Array))
  })

  it('refuse an unsigned message, which StrictSign never lets through', () => {
    expect(() => goMessageId({ type: 'unsigned', topic: 't', data: new Uint8Array() })).toThrow(/signed/)
  })
})
