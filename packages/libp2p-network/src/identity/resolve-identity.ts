import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Ed25519PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { type KeyStore, type Logger, P2PError, RAW_ED25519_KEY_BYTES } from '@p2p/domain'
import { privateKeyFromRawKey, rawKeyFromHex, rawKeyFromPrivateKey } from './raw-key.js'

export type IdentitySource = 'setting' | 'key_store' | 'generated'

export interface ResolvedIdentity {
  readonly privateKey: Ed25519PrivateKey
  readonly source: IdentitySource
}

export interface ResolveIdentityOptions {
  /** Setting `p2p_private_key`: hex of the 64-byte key. Empty counts as unset, as in the reference. */
  readonly configuredHex?: string | undefined
  readonly keyStore: KeyStore
  readonly logger: Logger
}

/**
 * The node's Ed25519 identity: the configured key wins, then the stored one, else a new key that
 * is saved before use so the peer id survives restarts. Store errors propagate: starting with a
 * fresh key because the file was damaged would quietly turn the node into another peer.
 */
export async function resolvePrivateKey(options: ResolveIdentityOptions): Promise<ResolvedIdentity> {
  const { keyStore, logger } = options
  const configured = options.configuredHex?.trim() ?? ''
  if (configured !== '') return announce(logger, await keyFromSetting(configured), 'setting')

  const stored = await keyStore.load()
  if (stored !== undefined) return announce(logger, await keyFromStore(stored), 'key_store')

  const privateKey = await generateKeyPair('Ed25519')
  await keyStore.save(rawKeyFromPrivateKey(privateKey))
  return announce(logger, privateKey, 'generated')
}

async function keyFromSetting(hex: string): Promise<Ed25519PrivateKey> {
  const rawKey = rawKeyFromHex(hex)
  // The messages give lengths only: the setting is a secret and must not reach the logs.
  if (rawKey === undefined) {
    throw new P2PError(
      'invalid_config',
      `p2p_private_key must be ${RAW_ED25519_KEY_BYTES * 2} hex digits (Ed25519 seed then public key)`,
      { context: { setting: 'p2p_private_key', length: hex.length } },
    )
  }
  const privateKey = await privateKeyFromRawKey(rawKey)
  if (privateKey === undefined) {
    throw new P2PError('invalid_config', 'p2p_private_key has a public key that does not match its seed', {
      context: { setting: 'p2p_private_key' },
    })
  }
  return privateKey
}

async function keyFromStore(rawKey: Uint8Array): Promise<Ed25519PrivateKey> {
  const privateKey = await privateKeyFromRawKey(rawKey)
  if (privateKey === undefined) {
    throw new P2PError('invalid_key', 'the stored node key is not a valid Ed25519 key pair', {
      context: { length: rawKey.length },
    })
  }
  return privateKey
}

function announce(logger: Logger, privateKey: Ed25519PrivateKey, source: IdentitySource): ResolvedIdentity {
  const peerId = peerIdFromPrivateKey(privateKey).toString()
  logger.info(
    source === 'generated' ? 'generated and saved a new node identity' : 'using the node identity',
    {
      peerId,
      source,
    },
  )
  return { privateKey, source }
}
