import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Uint8ArrayList } from 'uint8arraylist'
import { describe, expect, it } from 'vitest'
import { CachedEd25519Signer } from './cached-signer.js'

describe('CachedEd25519Signer', () => {
  it('signs byte for byte as the key it wraps, and the signature verifies', async () => {
    const key = await generateKeyPair('Ed25519')
    const signer = new CachedEd25519Signer(key)
    for (const size of [0, 1, 32, 1_000, 70_000]) {
      const message = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff)
      const signature = signer.sign(message)
      expect(signature).toEqual(await key.sign(message))
      expect(await key.publicKey.verify(message, signature)).toBe(true)
    }
  })

  it('signs a Uint8ArrayList as its concatenated bytes', async () => {
    const key = await generateKeyPair('Ed25519')
    const signer = new CachedEd25519Signer(key)
    const list = new Uint8ArrayList(Uint8Array.of(1, 2), Uint8Array.of(3))
    expect(signer.sign(list)).toEqual(await key.sign(Uint8Array.of(1, 2, 3)))
  })

  it('is the same identity: raw bytes, public key, peer id, protobuf form and equality', async () => {
    const key = await generateKeyPair('Ed25519')
    const signer = new CachedEd25519Signer(key)
    expect(signer.type).toBe('Ed25519')
    expect(signer.raw).toEqual(key.raw)
    expect(signer.publicKey.equals(key.publicKey)).toBe(true)
    expect(peerIdFromPrivateKey(signer).equals(peerIdFromPrivateKey(key))).toBe(true)
    expect(privateKeyFromProtobuf(privateKeyToProtobuf(signer)).equals(key)).toBe(true)
    expect(signer.equals(key)).toBe(true)
    expect(signer.equals(new CachedEd25519Signer(key))).toBe(true)
    expect(signer.equals(await generateKeyPair('Ed25519'))).toBe(false)
  })

  it('honours an aborted signal', async () => {
    const signer = new CachedEd25519Signer(await generateKeyPair('Ed25519'))
    expect(() => signer.sign(Uint8Array.of(1), { signal: AbortSignal.abort() })).toThrow()
  })
})
