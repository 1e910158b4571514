import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type KeyStore, P2PError, RAW_ED25519_KEY_BYTES } from '@p2p/domain'
import { writeFileAtomically } from './atomic-write.js'
import { decodeKeyFile } from './key-file-format.js'
import { privateKeyFromRawKey, rawKeyToHex } from './raw-key.js'

export const DEFAULT_KEY_FILE_NAME = 'p2p.key'
const KEY_FILE_MODE = 0o600

export interface FileKeyStoreOptions {
  /** The data directory (setting `p2p_peer_cache_dir`); created on the first save. */
  readonly dir: string
  readonly fileName?: string
  /**
   * Whether the public half must be the one the seed derives, on load and on save. Default true;
   * only stores fed synthetic bytes (the shared KeyStore compliance suite) turn it off.
   */
  readonly verifyKeyPair?: boolean
}

/**
 * Keeps the node key in one file: hex text, mode 0600, replaced atomically. Also reads the
 * protobuf form older releases wrote. A damaged file is reported, never repaired or replaced:
 * a new key would silently change the node's peer id.
 */
export class FileKeyStore implements KeyStore {
  readonly path: string
  private readonly verifyKeyPair: boolean

  constructor(options: FileKeyStoreOptions) {
    this.path = join(options.dir, options.fileName ?? DEFAULT_KEY_FILE_NAME)
    this.verifyKeyPair = options.verifyKeyPair ?? true
  }

  async load(): Promise<Uint8Array | undefined> {
    const bytes = await this.read()
    if (bytes === undefined) return undefined
    const decoded = decodeKeyFile(bytes)
    if (!decoded.ok) throw this.invalidFile(decoded.problem)
    if (!(await this.isAcceptable(decoded.rawKey))) {
      throw this.invalidFile('holds a public key that does not match its seed')
    }
    return decoded.rawKey
  }

  async save(rawKey: Uint8Array): Promise<void> {
    if (!(rawKey instanceof Uint8Array) || rawKey.length !== RAW_ED25519_KEY_BYTES) {
      const length = rawKey instanceof Uint8Array ? rawKey.length : undefined
      throw new P2PError('invalid_key', `a raw Ed25519 key is ${RAW_ED25519_KEY_BYTES} bytes`, {
        context: { length },
      })
    }
    // Copied before the first await, so a caller reusing its buffer cannot change what is written.
    const key = rawKey.slice()
    if (!(await this.isAcceptable(key))) {
      throw new P2PError('invalid_key', 'refusing to save a key whose public half does not match its seed', {
        context: { path: this.path },
      })
    }
    try {
      await writeFileAtomically(this.path, `${rawKeyToHex(key)}\n`, KEY_FILE_MODE)
    } catch (error) {
      throw new P2PError('invalid_config', `cannot write the key file ${this.path} (${errnoCode(error)})`, {
        context: { path: this.path },
        cause: error,
      })
    }
  }

  private async read(): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path)
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined
      throw this.invalidFile(`cannot be read (${errnoCode(error)})`, error)
    }
  }

  private async isAcceptable(rawKey: Uint8Array): Promise<boolean> {
    return !this.verifyKeyPair || (await privateKeyFromRawKey(rawKey)) !== undefined
  }

  private invalidFile(problem: string, cause?: unknown): P2PError {
    return new P2PError('invalid_key', `the key file ${this.path} ${problem}`, {
      context: { path: this.path },
      ...(cause === undefined ? {} : { cause }),
    })
  }
}

function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'unknown error'
}
