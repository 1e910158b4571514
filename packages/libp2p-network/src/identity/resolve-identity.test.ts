import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expectCodedRejection, MemoryKeyStore, MemoryLogger } from '@p2p/testkit'
import { describe, expect, it } from 'vitest'
import { FileKeyStore } from './file-key-store.js'
import { rawKeyFromPrivateKey } from './raw-key.js'
import { resolvePrivateKey } from './resolve-identity.js'

async function aRealRawKey(): Promise<Uint8Array> {
  return rawKeyFromPrivateKey(await generateKeyPair('Ed25519'))
}

function hexOf(rawKey: Uint8Array): string {
  return Buffer.from(rawKey).toString('hex')
}

function peerIdOf(privateKey: Parameters<typeof peerIdFromPrivateKey>[0]): string {
  return peerIdFromPrivateKey(privateKey).toString()
}

describe('resolvePrivateKey', () => {
  it('generates, saves and logs a key when nothing is configured or stored', async () => {
    const keyStore = new MemoryKeyStore()
    const logger = new MemoryLogger()
    const { privateKey, source } = await resolvePrivateKey({ keyStore, logger })
    expect(source).toBe('generated')
    expect(privateKey.type).toBe('Ed25519')
    expect(keyStore.saveCount).toBe(1)
    expect(Array.from(keyStore.key ?? [])).toEqual(Array.from(privateKey.raw))
    const entry = logger.filter('info').find((e) => e.context.source === 'generated')
    expect(entry?.context.peerId).toBe(peerIdOf(privateKey))
  })

  it('comes back with the same peer id on the next start with the same store', async () => {
    const keyStore = new MemoryKeyStore()
    const logger = new MemoryLogger()
    const first = await resolvePrivateKey({ keyStore, logger })
    const second = await resolvePrivateKey({ keyStore, logger })
    expect(second.source).toBe('key_store')
    expect(peerIdOf(second.privateKey)).toBe(peerIdOf(first.privateKey))
    expect(keyStore.saveCount).toBe(1)
  })

  it('uses the stored key', async () => {
    const rawKey = await aRealRawKey()
    const { privateKey, source } = await resolvePrivateKey({
      configuredHex: undefined,
      keyStore: new MemoryKeyStore({ initialKey: rawKey }),
      logger: new MemoryLogger(),
    })
    expect(source).toBe('key_store')
    expect(Array.from(privateKey.raw)).toEqual(Array.from(rawKey))
  })

  it('lets a configured key win over the store, without touching the store', async () => {
    const configured = await aRealRawKey()
    const stored = await aRealRawKey()
    const keyStore = new MemoryKeyStore({ initialKey: stored })
    // A corrupt store proves it is not even read.
    keyStore.setCorrupt()
    const logger = new MemoryLogger()
    const { privateKey, source } = await resolvePrivateKey({
      configuredHex: `  ${hexOf(configured).toUpperCase()}\n`,
      keyStore,
      logger,
    })
    expect(source).toBe('setting')
    expect(Array.from(privateKey.raw)).toEqual(Array.from(configured))
    expect(keyStore.saveCount).toBe(0)
    expect(Array.from(keyStore.key ?? [])).toEqual(Array.from(stored))
    expect(logger.filter('info').some((e) => e.context.peerId === peerIdOf(privateKey))).toBe(true)
  })

  it('treats an empty setting as unset', async () => {
    const keyStore = new MemoryKeyStore()
    const { source } = await resolvePrivateKey({ configuredHex: '  ', keyStore, logger: new MemoryLogger() })
    expect(source).toBe('generated')
  })

  it.each([
    ['too short', 'ab'.repeat(32)],
    ['too long', 'ab'.repeat(65)],
    ['not hex', `${'ab'.repeat(63)}zz`],
    ['with a 0x prefix', `0x${'ab'.repeat(63)}`],
  ])('rejects a configured key %s with invalid_config, without echoing it', async (_name, hex) => {
    const keyStore = new MemoryKeyStore()
    const error = await expectCodedRejection(
      resolvePrivateKey({ configuredHex: hex, keyStore, logger: new MemoryLogger() }),
      'invalid_config',
    )
    expect(error.message).toMatch(/p2p_private_key must be 128 hex digits/)
    expect(error.message).not.toContain('abab')
    expect(JSON.stringify(error.context)).not.toContain('abab')
    expect(keyStore.saveCount).toBe(0)
  })

  it('rejects a configured key whose public half does not match its seed', async () => {
    const rawKey = await aRealRawKey()
    rawKey[40] = (rawKey[40] ?? 0) ^ 0x01
    const hex = hexOf(rawKey)
    const error = await expectCodedRejection(
      resolvePrivateKey({ configuredHex: hex, keyStore: new MemoryKeyStore(), logger: new MemoryLogger() }),
      'invalid_config',
    )
    expect(error.message).toMatch(/does not match its seed/)
    expect(error.message).not.toContain(hex.slice(0, 16))
  })

  it('rejects a stored key that is not a real key pair with invalid_key', async () => {
    const rawKey = await aRealRawKey()
    rawKey[63] = (rawKey[63] ?? 0) ^ 0x01
    const keyStore = new MemoryKeyStore({ initialKey: rawKey })
    await expectCodedRejection(resolvePrivateKey({ keyStore, logger: new MemoryLogger() }), 'invalid_key')
    expect(keyStore.saveCount).toBe(0)
  })

  it('propagates a corrupt store instead of replacing the key', async () => {
    const keyStore = new MemoryKeyStore({ initialKey: await aRealRawKey() })
    keyStore.setCorrupt()
    await expectCodedRejection(resolvePrivateKey({ keyStore, logger: new MemoryLogger() }), 'invalid_key')
    expect(keyStore.saveCount).toBe(0)
  })

  it('with a file store: persists across restarts and stops on a corrupt file, leaving it as is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'resolve-identity-'))
    try {
      const logger = new MemoryLogger()
      const first = await resolvePrivateKey({ keyStore: new FileKeyStore({}, { dir }), logger })
      const second = await resolvePrivateKey({ keyStore: new FileKeyStore({}, { dir }), logger })
      expect(first.source).toBe('generated')
      expect(second.source).toBe('key_store')
      expect(peerIdOf(second.privateKey)).toBe(peerIdOf(first.privateKey))

      const path = join(dir, 'p2p.key')
      await writeFile(path, 'damaged')
      const error = await expectCodedRejection(
        resolvePrivateKey({ keyStore: new FileKeyStore({}, { dir }), logger }),
        'invalid_key',
      )
      expect(error.message).toContain(path)
      expect(await readFile(path, 'utf8')).toBe('damaged')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
