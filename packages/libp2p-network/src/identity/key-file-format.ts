import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { RAW_ED25519_KEY_BYTES } from '@p2p/domain'
import { isHexText, rawKeyFromHex, sameBytes } from './raw-key.js'

export type DecodedKeyFile =
  | { readonly ok: true; readonly rawKey: Uint8Array }
  /** `problem` completes "the key file <path> …" and never contains key material. */
  | { readonly ok: false; readonly problem: string }

const HEX_DIGITS = RAW_ED25519_KEY_BYTES * 2

/**
 * Reads both key file formats: the current one (the 64-byte key as hex text) and the one written
 * by earlier releases (the libp2p protobuf-marshalled private key), so upgrading keeps the peer id.
 */
export function decodeKeyFile(bytes: Uint8Array): DecodedKeyFile {
  const text = Buffer.from(bytes).toString('latin1').trim()
  if (text.length === 0) return { ok: false, problem: 'is empty' }
  if (isHexText(text)) {
    const rawKey = rawKeyFromHex(text)
    if (rawKey === undefined) {
      return { ok: false, problem: `holds ${text.length} hex digits, expected ${HEX_DIGITS}` }
    }
    return { ok: true, rawKey }
  }
  return decodeProtobuf(bytes)
}

function decodeProtobuf(bytes: Uint8Array): DecodedKeyFile {
  let key: ReturnType<typeof privateKeyFromProtobuf>
  try {
    key = privateKeyFromProtobuf(bytes)
  } catch {
    return {
      ok: false,
      problem: `is neither ${HEX_DIGITS} hex digits nor a libp2p protobuf-encoded private key`,
    }
  }
  if (key.type !== 'Ed25519') {
    return { ok: false, problem: `holds a ${key.type} key, but the node identity must be Ed25519` }
  }
  // The older 96-byte form repeats the public key; libp2p keeps the copy as `publicKey`.
  if (!sameBytes(key.raw.subarray(RAW_ED25519_KEY_BYTES / 2), key.publicKey.raw)) {
    return { ok: false, problem: 'holds two different public keys' }
  }
  return { ok: true, rawKey: key.raw.slice() }
}
