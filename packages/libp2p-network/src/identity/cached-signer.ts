import { createPrivateKey, type KeyObject, sign } from 'node:crypto'
import type { AbortOptions, Ed25519PrivateKey } from '@libp2p/interface'

/**
 * Our Ed25519 identity with the node key object built once. `@libp2p/crypto` rebuilds it from a
 * JWK on every signature, and gossip signs every message we publish: that import was 3 % of a
 * publishing node's CPU in the benchmark. Everything else (raw bytes, public key, equality) is
 * the original key's, and the signatures are byte for byte the same (Ed25519 is deterministic).
 */
export class CachedEd25519Signer implements Ed25519PrivateKey {
  readonly type = 'Ed25519' as const
  private readonly keyObject: KeyObject

  constructor(private readonly key: Ed25519PrivateKey) {
    const raw = key.raw
    this.keyObject = createPrivateKey({
      format: 'jwk',
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: Buffer.from(raw.subarray(0, 32)).toString('base64url'),
        x: Buffer.from(key.publicKey.raw).toString('base64url'),
      },
    })
  }

  get publicKey(): Ed25519PrivateKey['publicKey'] {
    return this.key.publicKey
  }

  get raw(): Uint8Array {
    return this.key.raw
  }

  equals(other?: unknown): boolean {
    return this.key.equals(other instanceof CachedEd25519Signer ? other.key : other)
  }

  sign(data: Parameters<Ed25519PrivateKey['sign']>[0], options?: AbortOptions): Uint8Array {
    options?.signal?.throwIfAborted()
    const bytes = data instanceof Uint8Array ? data : data.subarray()
    return sign(null, bytes, this.keyObject)
  }
}
