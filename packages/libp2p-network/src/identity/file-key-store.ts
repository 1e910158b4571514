import { lstat } from 'node:fs/promises'
import { join } from 'node:path'
import { type KeyStore, type Logger, P2PError, RAW_ED25519_KEY_BYTES } from '@p2p/domain'
import { removeStaleTempFiles, writeFileAtomically } from './atomic-write.js'
import { decodeKeyFile } from './key-file-format.js'
import { privateKeyFromRawKey, rawKeyToHex } from './raw-key.js'
import { errnoCode, readSmallFile } from './small-file.js'

export const DEFAULT_KEY_FILE_NAME = 'p2p.key'
const KEY_FILE_MODE = 0o600
/** Hex text (128 digits and whitespace) or the protobuf forms (under 100 bytes), with room to spare. */
const KEY_FILE_MAX_BYTES = 4096

export interface FileKeyStoreDeps {
  /** Where a key file others can read, and removed leftovers of killed writes, are reported. */
  readonly logger?: Logger
}

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
 * a new key would silently change the node's peer id. For the same reason a symbolic link at the
 * path is never written through or over, and a dangling one is refused rather than taken for
 * "no key yet". Only a regular file of a sane size is read (a FIFO or `/dev/zero` would hang or
 * exhaust the start).
 */
export class FileKeyStore implements KeyStore {
  readonly path: string
  private readonly verifyKeyPair: boolean
  private readonly logger: Logger | undefined

  constructor(deps: FileKeyStoreDeps, options: FileKeyStoreOptions) {
    this.path = join(options.dir, options.fileName ?? DEFAULT_KEY_FILE_NAME)
    this.verifyKeyPair = options.verifyKeyPair ?? true
    this.logger = deps.logger
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
    if (await this.isLink()) {
      throw this.invalidFile('is a symbolic link: refusing to replace the key it points to')
    }
    if (!(await this.isAcceptable(key))) {
      throw new P2PError('invalid_key', 'refusing to save a key whose public half does not match its seed', {
        context: { path: this.path },
      })
    }
    try {
      await writeFileAtomically(this.path, `${rawKeyToHex(key)}\n`, KEY_FILE_MODE)
    } catch (error) {
      throw new P2PError(
        'invalid_config',
        `cannot write the key file ${this.path} (p2p_peer_cache_dir): ${errnoCode(error)}`,
        {
          context: { path: this.path },
          cause: error,
        },
      )
    }
  }

  private async read(): Promise<Uint8Array | undefined> {
    // Before anything is written here: a killed save left its temp file, holding a key.
    const removed = await removeStaleTempFiles(this.path)
    if (removed.length > 0) this.logger?.info('removed leftovers of an interrupted key write', { removed })
    const file = await readSmallFile(this.path, KEY_FILE_MAX_BYTES)
    if (file.kind === 'missing') return undefined
    if (file.kind === 'refused') throw this.invalidFile(file.problem)
    if ((file.mode & 0o044) !== 0) {
      this.logger?.warn('the key file can be read by others: anyone who reads it can act as this node', {
        path: this.path,
        mode: `0${(file.mode & 0o777).toString(8)}`,
        hint: `chmod 600 ${this.path}`,
      })
    }
    return file.bytes
  }

  private async isLink(): Promise<boolean> {
    try {
      return (await lstat(this.path)).isSymbolicLink()
    } catch {
      return false
    }
  }

  private async isAcceptable(rawKey: Uint8Array): Promise<boolean> {
    return !this.verifyKeyPair || (await privateKeyFromRawKey(rawKey)) !== undefined
  }

  private invalidFile(problem: string, cause?: unknown): P2PError {
    return new P2PError('invalid_key', `the key file ${this.path} (p2p_peer_cache_dir) ${problem}`, {
      context: { path: this.path },
      ...(cause === undefined ? {} : { cause }),
    })
  }
}
