import { type KeyStore, P2PError, RAW_ED25519_KEY_BYTES } from '@p2p/domain'

function checkedCopy(rawKey: unknown): Uint8Array {
  if (!(rawKey instanceof Uint8Array) || rawKey.length !== RAW_ED25519_KEY_BYTES) {
    const length = rawKey instanceof Uint8Array ? rawKey.length : undefined
    throw new P2PError('invalid_key', `a raw Ed25519 key is ${RAW_ED25519_KEY_BYTES} bytes`, {
      context: { length },
    })
  }
  return rawKey.slice()
}

export interface MemoryKeyStoreOptions {
  /** The key already stored, as if an earlier run had saved it. */
  readonly initialKey?: Uint8Array
}

/**
 * Holds the node key in memory. Keys go in and out as copies, so a caller that wipes or reuses
 * its buffer cannot change what is stored. `setCorrupt` stands in for a damaged key file.
 */
export class MemoryKeyStore implements KeyStore {
  private stored: Uint8Array | undefined
  private corrupt = false
  private saves = 0

  /** Throws `invalid_key` synchronously when `initialKey` is not 64 bytes: a broken test setup. */
  constructor(options: MemoryKeyStoreOptions = {}) {
    const { initialKey } = options
    this.stored = initialKey === undefined ? undefined : checkedCopy(initialKey)
  }

  async load(): Promise<Uint8Array | undefined> {
    if (this.corrupt) throw new P2PError('invalid_key', 'the stored key is corrupt')
    return this.stored?.slice()
  }

  async save(rawKey: Uint8Array): Promise<void> {
    this.stored = checkedCopy(rawKey)
    // Writing a good key repairs a corrupt store, as rewriting a damaged file would.
    this.corrupt = false
    this.saves++
  }

  /** While corrupt, `load` rejects with `invalid_key`. */
  setCorrupt(corrupt = true): void {
    this.corrupt = corrupt
  }

  /** A copy of what is stored, without the corruption check. */
  get key(): Uint8Array | undefined {
    return this.stored?.slice()
  }

  get saveCount(): number {
    return this.saves
  }
}
