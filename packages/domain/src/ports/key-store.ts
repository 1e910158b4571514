/** Where the node's Ed25519 identity lives: 64 raw bytes, 32-byte seed then 32-byte public key. */
export interface KeyStore {
  /** `undefined` when no key was stored yet; rejects with `invalid_key` when what is stored is corrupt. */
  load(): Promise<Uint8Array | undefined>
  save(rawKey: Uint8Array): Promise<void>
}

export const RAW_ED25519_KEY_BYTES = 64
