import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { RAW_ED25519_KEY_BYTES } from '@p2p/domain'

const SEED_BYTES = 32
const HEX_KEY = /^[0-9a-fA-F]+$/

/** The 64-byte KeyStore form of a key: seed then public key; a copy, so callers may wipe it. */
export function rawKeyFromPrivateKey(privateKey: Ed25519PrivateKey): Uint8Array {
  return privateKey.raw.slice()
}

/**
 * Rebuilds the key pair from the seed half. `undefined` when the length is wrong or the public
 * half is not the one the seed derives: such a key would sign with one identity and claim another.
 */
export async function privateKeyFromRawKey(rawKey: Uint8Array): Promise<Ed25519PrivateKey | undefined> {
  if (rawKey.length !== RAW_ED25519_KEY_BYTES) return undefined
  const derived = await generateKeyPairFromSeed('Ed25519', rawKey.slice(0, SEED_BYTES))
  return sameBytes(derived.publicKey.raw, rawKey.subarray(SEED_BYTES)) ? derived : undefined
}

export function isHexText(text: string): boolean {
  return HEX_KEY.test(text)
}

/** Bytes of a hex key, or `undefined` when `text` is not exactly 128 hex digits. */
export function rawKeyFromHex(text: string): Uint8Array | undefined {
  if (text.length !== RAW_ED25519_KEY_BYTES * 2 || !isHexText(text)) return undefined
  return new Uint8Array(Buffer.from(text, 'hex'))
}

export function rawKeyToHex(rawKey: Uint8Array): string {
  return Buffer.from(rawKey).toString('hex')
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
